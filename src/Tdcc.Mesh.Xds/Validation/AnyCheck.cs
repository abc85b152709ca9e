using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>any</c> rules: required, and in / not_in on the type URL; then, unless <c>message.skip</c>, the payload is
/// unpacked and validated like any embedded message.
/// </summary>
internal sealed class AnyCheck(AnyRules rules, bool required, bool skip) : ValueCheck
{
    private readonly bool _required = required || rules.Required;
    private readonly string[] _in = [.. rules.In];
    private readonly string[] _notIn = [.. rules.NotIn];

    public override void Check(object? value, ValidationContext context)
    {
        if (value is null)
        {
            if (_required)
            {
                context.Report("any.required", "value is required");
            }

            return;
        }

        if (value is Any any)
        {
            if (_in.Length > 0 && !_in.Contains(any.TypeUrl, StringComparer.Ordinal))
            {
                context.Report("any.in", "type URL must be in list " + RuleText.List(_in, RuleText.Quoted));
            }

            if (_notIn.Contains(any.TypeUrl, StringComparer.Ordinal))
            {
                context.Report("any.not_in", "type URL must not be in list " + RuleText.List(_notIn, RuleText.Quoted));
            }
        }

        if (!skip && value is IMessage message)
        {
            context.Validator.Walk(message, context);
        }
    }
}
