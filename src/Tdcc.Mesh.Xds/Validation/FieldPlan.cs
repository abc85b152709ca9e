using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// One field of a <see cref="MessagePlan"/>: its compiled check and when it applies. A member of a real oneof is
/// checked only when it is the oneof's set case, a proto3 <c>optional</c> field only when set; every other field is
/// checked whatever its value, as protoc-gen-validate does.
/// </summary>
internal sealed class FieldPlan(FieldDescriptor field, ValueCheck check)
{
    private readonly OneofDescriptor? _oneof = field.RealContainingOneof;
    private readonly bool _optional = field.ContainingOneof is { IsSynthetic: true };

    public void Validate(IMessage message, ValidationContext context)
    {
        if (_oneof is not null && _oneof.Accessor.GetCaseFieldDescriptor(message)?.FieldNumber != field.FieldNumber)
        {
            return;
        }

        if (_optional && !field.Accessor.HasValue(message))
        {
            return;
        }

        context.Path.PushField(field.Name);
        check.Check(field.Accessor.GetValue(message), context);
        context.Path.Pop();
    }
}
