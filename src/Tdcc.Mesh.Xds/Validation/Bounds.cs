using System.Numerics;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// The <c>lt</c>/<c>lte</c>/<c>gt</c>/<c>gte</c> rules of a numeric, duration or timestamp value, with
/// protoc-gen-validate's semantics: one bound is a half line; a lower and an upper bound with lower &lt; upper is the
/// range between them; with lower ≥ upper the range is exclusive (the value must lie outside [upper, lower]). When both
/// <c>lt</c> and <c>lte</c> are set only <c>lt</c> counts, and likewise <c>gt</c> over <c>gte</c>.
/// </summary>
internal sealed class Bounds<T>
    where T : struct, INumber<T>
{
    private readonly string _kind;
    private readonly T? _lt;
    private readonly T? _lte;
    private readonly T? _gt;
    private readonly T? _gte;
    private readonly Func<T, string> _format;

    private Bounds(string kind, T? lt, T? lte, T? gt, T? gte, Func<T, string> format)
    {
        _kind = kind;
        _lt = lt;
        _lte = lte;
        _gt = gt;
        _gte = gte;
        _format = format;
    }

    /// <summary>Null when no bound is set.</summary>
    public static Bounds<T>? Create(string kind, T? lt, T? lte, T? gt, T? gte, Func<T, string> format) =>
        lt is null && lte is null && gt is null && gte is null ? null : new Bounds<T>(kind, lt, lte, gt, gte, format);

    public void Check(T value, ValidationContext context)
    {
        if (_lt is { } lt)
        {
            if (_gt is { } gt)
            {
                CheckRange(value, gt, lowerInclusive: false, lt, upperInclusive: false, "gt_lt", context);
            }
            else if (_gte is { } gte)
            {
                CheckRange(value, gte, lowerInclusive: true, lt, upperInclusive: false, "gte_lt", context);
            }
            else if (value >= lt)
            {
                context.Report(_kind + ".lt", "value must be less than " + _format(lt));
            }
        }
        else if (_lte is { } lte)
        {
            if (_gt is { } gt)
            {
                CheckRange(value, gt, lowerInclusive: false, lte, upperInclusive: true, "gt_lte", context);
            }
            else if (_gte is { } gte)
            {
                CheckRange(value, gte, lowerInclusive: true, lte, upperInclusive: true, "gte_lte", context);
            }
            else if (value > lte)
            {
                context.Report(_kind + ".lte", "value must be less than or equal to " + _format(lte));
            }
        }
        else if (_gt is { } gt)
        {
            if (value <= gt)
            {
                context.Report(_kind + ".gt", "value must be greater than " + _format(gt));
            }
        }
        else if (_gte is { } gte && value < gte)
        {
            context.Report(_kind + ".gte", "value must be greater than or equal to " + _format(gte));
        }
    }

    private void CheckRange(T value, T lower, bool lowerInclusive, T upper, bool upperInclusive, string rule, ValidationContext context)
    {
        var aboveLower = lowerInclusive ? value >= lower : value > lower;
        var belowUpper = upperInclusive ? value <= upper : value < upper;
        if (upper > lower)
        {
            // A plain range: the value must satisfy both bounds.
            if (!aboveLower || !belowUpper)
            {
                var open = lowerInclusive ? "[" : "(";
                var close = upperInclusive ? "]" : ")";
                context.Report($"{_kind}.{rule}", $"value must be inside range {open}{_format(lower)}, {_format(upper)}{close}");
            }
        }
        else if (!aboveLower && !belowUpper)
        {
            // An exclusive range (upper <= lower): satisfying either bound is enough, so the value must lie outside
            // the interval from the upper bound to the lower one (its ends are the complements of the bounds).
            var open = upperInclusive ? "(" : "[";
            var close = lowerInclusive ? ")" : "]";
            context.Report($"{_kind}.{rule}", $"value must be outside range {open}{_format(upper)}, {_format(lower)}{close}");
        }
    }
}
