using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// Checks a message against the protoc-gen-validate rules (<c>(validate.rules)</c>, <c>(validate.required)</c>,
/// <c>(validate.disabled)</c>/<c>(validate.ignored)</c>) compiled into its descriptors: the check Envoy runs first
/// on every resource, NACKing with "Proto constraint validation failed" when it fails. Walks set message fields,
/// repeated and map message values, and <c>google.protobuf.Any</c> payloads whose type the options' registry knows.
/// </summary>
/// <remarks>
/// Unlike Envoy, which stops at the first violation, every violation is returned. The rules of each message type are
/// compiled once, on first use, and cached in this instance; it is safe to share between threads.
/// </remarks>
public sealed class ProtoConstraintValidator
{
    private readonly ConcurrentDictionary<MessageDescriptor, MessagePlan> _plans = new();
    private readonly Func<MessageDescriptor, MessagePlan> _buildPlan;

    public ProtoConstraintValidator(ProtoConstraintValidatorOptions? options = null)
    {
        Options = options ?? new ProtoConstraintValidatorOptions();
        ArgumentNullException.ThrowIfNull(Options.TypeRegistry);
        ArgumentNullException.ThrowIfNull(Options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxDepth, 1);
        _buildPlan = descriptor => MessagePlan.Build(descriptor, Options);
    }

    public ProtoConstraintValidatorOptions Options { get; }

    /// <summary>
    /// Every constraint <paramref name="message"/> violates, in field order (empty: Envoy's proto validation would
    /// accept it). An <see cref="Any"/> is unpacked first, and the paths are relative to its payload.
    /// </summary>
    public IReadOnlyList<ProtoConstraintViolation> Validate(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var context = new ValidationContext(this);
        if (message is Any any)
        {
            ValidatePayload(any, context, atRoot: true);
        }
        else
        {
            Walk(message, context);
        }

        return context.Violations.Count == 0 ? [] : [.. context.Violations];
    }

    /// <summary>Applies the rules of <paramref name="message"/>'s type, recursing through its fields; an Any is unpacked.</summary>
    internal void Walk(IMessage message, ValidationContext context)
    {
        if (message is Any any)
        {
            ValidatePayload(any, context, atRoot: false);
            return;
        }

        if (context.Depth >= Options.MaxDepth)
        {
            context.Report("message.depth", $"messages nest deeper than {Options.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels; not checked further");
            return;
        }

        var plan = _plans.GetOrAdd(message.Descriptor, _buildPlan);
        context.Depth++;
        plan.Validate(message, context);
        context.Depth--;
    }

    private void ValidatePayload(Any any, ValidationContext context, bool atRoot)
    {
        if (any.TypeUrl.Length == 0)
        {
            if (Options.ReportUnknownAnyTypes)
            {
                context.Report("any.known_type", "type URL is empty");
            }

            return;
        }

        var typeName = Any.GetTypeName(any.TypeUrl);
        if (Options.TypeRegistry.Find(typeName) is not { } descriptor)
        {
            if (Options.ReportUnknownAnyTypes)
            {
                context.Report("any.known_type", $"type {typeName} is not known to the validator (Envoy rejects types it does not know)");
            }

            return;
        }

        IMessage payload;
        try
        {
            payload = descriptor.Parser.ParseFrom(any.Value);
        }
        catch (InvalidProtocolBufferException ex)
        {
            context.Report("any.unpack", $"value is not a valid {typeName}: {ex.Message}");
            return;
        }

        if (!atRoot)
        {
            context.Path.PushType(typeName);
        }

        Walk(payload, context);
        if (!atRoot)
        {
            context.Path.Pop();
        }
    }
}
