using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>timestamp</c> rules: required, then (when set) validity, const, the bounds, and lt_now / gt_now / within against
/// the options' clock.
/// </summary>
internal sealed class TimestampCheck : ValueCheck
{
    private const long NanosPerTick = 100;

    private readonly bool _required;
    private readonly Int128? _const;
    private readonly Bounds<Int128>? _bounds;
    private readonly bool _ltNow;
    private readonly bool _gtNow;
    private readonly Int128? _within;
    private readonly TimeProvider _clock;

    public TimestampCheck(TimestampRules rules, bool required, TimeProvider clock)
    {
        _required = required || rules.Required;
        _const = rules.Const is { } constant ? ProtoTime.Nanos(constant) : null;
        _bounds = Bounds<Int128>.Create(
            "timestamp",
            rules.Lt is { } lt ? ProtoTime.Nanos(lt) : null,
            rules.Lte is { } lte ? ProtoTime.Nanos(lte) : null,
            rules.Gt is { } gt ? ProtoTime.Nanos(gt) : null,
            rules.Gte is { } gte ? ProtoTime.Nanos(gte) : null,
            ProtoTime.FormatTimestamp);
        _ltNow = rules.LtNow;
        _gtNow = rules.GtNow;
        _within = rules.Within is { } within ? ProtoTime.Nanos(within) : null;
        _clock = clock;
    }

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not Timestamp timestamp)
        {
            if (value is null && _required)
            {
                context.Report("timestamp.required", "value is required");
            }

            return;
        }

        if (!ProtoTime.IsValid(timestamp))
        {
            context.Report("timestamp.valid", "value is not a valid timestamp");
            return;
        }

        var nanos = ProtoTime.Nanos(timestamp);
        if (_const is { } expected && nanos != expected)
        {
            context.Report("timestamp.const", "value must equal " + ProtoTime.FormatTimestamp(expected));
        }

        _bounds?.Check(nanos, context);
        if (_ltNow || _gtNow || _within is not null)
        {
            CheckNow(nanos, context);
        }
    }

    private void CheckNow(Int128 nanos, ValidationContext context)
    {
        var now = (Int128)(_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * NanosPerTick;
        var within = _within ?? 0;
        var withinText = _within is { } w ? ProtoTime.FormatDuration(w) : string.Empty;
        if (_ltNow)
        {
            if (_within is null && nanos >= now)
            {
                context.Report("timestamp.lt_now", "value must be less than now");
            }
            else if (_within is not null && (nanos >= now || nanos < now - within))
            {
                context.Report("timestamp.lt_now", "value must be less than now within " + withinText);
            }
        }
        else if (_gtNow)
        {
            if (_within is null && nanos <= now)
            {
                context.Report("timestamp.gt_now", "value must be greater than now");
            }
            else if (_within is not null && (nanos <= now || nanos > now + within))
            {
                context.Report("timestamp.gt_now", "value must be greater than now within " + withinText);
            }
        }
        else if (nanos < now - within || nanos > now + within)
        {
            context.Report("timestamp.within", $"value must be within {withinText} of now");
        }
    }
}
