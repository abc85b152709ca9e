using Google.Protobuf;
using Google.Protobuf.Reflection;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// The compiled rules of one message type: its field checks in declaration order and its required oneofs. Built once
/// per descriptor and immutable. A message marked <c>(validate.disabled)</c> or <c>(validate.ignored)</c> has no
/// checks at all, nested messages included.
/// </summary>
internal sealed class MessagePlan
{
    private readonly FieldPlan[] _fields;
    private readonly OneofDescriptor[] _requiredOneofs;

    private MessagePlan(FieldPlan[] fields, OneofDescriptor[] requiredOneofs)
    {
        _fields = fields;
        _requiredOneofs = requiredOneofs;
    }

    /// <summary>How many field checks and required oneofs the plan holds (0 for a disabled message).</summary>
    public int CheckCount => _fields.Length + _requiredOneofs.Length;

    public static MessagePlan Build(MessageDescriptor descriptor, ProtoConstraintValidatorOptions options)
    {
        if (descriptor.GetOptions() is { } messageOptions
            && (messageOptions.GetExtension(ValidateExtensions.Disabled) || messageOptions.GetExtension(ValidateExtensions.Ignored)))
        {
            return new MessagePlan([], []);
        }

        var fields = descriptor.Fields.InDeclarationOrder()
            .Select(field => (Field: field, Check: FieldCheckCompiler.ForField(field, options)))
            .Where(pair => pair.Check is not null)
            .Select(pair => new FieldPlan(pair.Field, pair.Check!))
            .ToArray();
        var requiredOneofs = descriptor.Oneofs
            .Where(oneof => !oneof.IsSynthetic && oneof.GetOptions() is { } oneofOptions && oneofOptions.GetExtension(ValidateExtensions.Required))
            .ToArray();
        return new MessagePlan(fields, requiredOneofs);
    }

    public void Validate(IMessage message, ValidationContext context)
    {
        foreach (var field in _fields)
        {
            field.Validate(message, context);
        }

        foreach (var oneof in _requiredOneofs)
        {
            if (oneof.Accessor.GetCaseFieldDescriptor(message) is null)
            {
                context.Path.PushField(oneof.Name);
                context.Report("oneof.required", $"value is required: set one of {string.Join(", ", oneof.Fields.Select(field => field.Name))}");
                context.Path.Pop();
            }
        }
    }
}
