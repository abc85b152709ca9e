using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>duration</c> rules: required, then (when set) validity, const, the bounds, in and not_in, compared exactly in
/// nanoseconds.
/// </summary>
internal sealed class DurationCheck : ValueCheck
{
    private readonly bool _required;
    private readonly Int128? _const;
    private readonly Bounds<Int128>? _bounds;
    private readonly Int128[] _in;
    private readonly Int128[] _notIn;

    public DurationCheck(DurationRules rules, bool required)
    {
        _required = required || rules.Required;
        _const = rules.Const is { } constant ? ProtoTime.Nanos(constant) : null;
        _bounds = Bounds<Int128>.Create(
            "duration",
            rules.Lt is { } lt ? ProtoTime.Nanos(lt) : null,
            rules.Lte is { } lte ? ProtoTime.Nanos(lte) : null,
            rules.Gt is { } gt ? ProtoTime.Nanos(gt) : null,
            rules.Gte is { } gte ? ProtoTime.Nanos(gte) : null,
            ProtoTime.FormatDuration);
        _in = [.. rules.In.Select(ProtoTime.Nanos)];
        _notIn = [.. rules.NotIn.Select(ProtoTime.Nanos)];
    }

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not Duration duration)
        {
            if (value is null && _required)
            {
                context.Report("duration.required", "value is required");
            }

            return;
        }

        if (!ProtoTime.IsValid(duration))
        {
            context.Report("duration.valid", "value is not a valid duration");
            return;
        }

        var nanos = ProtoTime.Nanos(duration);
        if (_const is { } expected && nanos != expected)
        {
            context.Report("duration.const", "value must equal " + ProtoTime.FormatDuration(expected));
        }

        _bounds?.Check(nanos, context);
        if (_in.Length > 0 && !_in.Contains(nanos))
        {
            context.Report("duration.in", "value must be in list " + RuleText.List(_in, ProtoTime.FormatDuration));
        }

        if (_notIn.Contains(nanos))
        {
            context.Report("duration.not_in", "value must not be in list " + RuleText.List(_notIn, ProtoTime.FormatDuration));
        }
    }
}
