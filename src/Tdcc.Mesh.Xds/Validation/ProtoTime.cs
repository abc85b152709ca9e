using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// <c>google.protobuf.Duration</c> and <c>Timestamp</c> as nanoseconds (exact over their whole range, which exceeds a
/// 64-bit count), their validity, and their text in violation messages: durations as Go prints them (<c>0s</c>,
/// <c>250ms</c>, <c>1m30s</c>), as protoc-gen-validate's messages do, and timestamps as RFC 3339.
/// </summary>
internal static class ProtoTime
{
    private const long NanosPerSecond = 1_000_000_000;

    public static Int128 Nanos(Duration duration) => ((Int128)duration.Seconds * NanosPerSecond) + duration.Nanos;

    public static Int128 Nanos(Timestamp timestamp) => ((Int128)timestamp.Seconds * NanosPerSecond) + timestamp.Nanos;

    /// <summary>Within ±10,000 years, nanos below a second and of the same sign as the seconds.</summary>
    public static bool IsValid(Duration duration) =>
        duration.Seconds is >= Duration.MinSeconds and <= Duration.MaxSeconds
        && duration.Nanos is > -(int)NanosPerSecond and < (int)NanosPerSecond
        && !(duration.Seconds < 0 && duration.Nanos > 0)
        && !(duration.Seconds > 0 && duration.Nanos < 0);

    /// <summary>From 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, nanos from 0 to 999,999,999.</summary>
    public static bool IsValid(Timestamp timestamp) =>
        timestamp.Seconds is >= -62_135_596_800 and <= 253_402_300_799
        && timestamp.Nanos is >= 0 and < (int)NanosPerSecond;

    public static string FormatDuration(Int128 nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }

        var magnitude = (UInt128)(nanos < 0 ? -nanos : nanos);
        string text;
        if (magnitude < 1_000)
        {
            text = magnitude.ToString(CultureInfo.InvariantCulture) + "ns";
        }
        else if (magnitude < 1_000_000)
        {
            text = Decimal(magnitude, 1_000, 3) + "µs";
        }
        else if (magnitude < NanosPerSecond)
        {
            text = Decimal(magnitude, 1_000_000, 6) + "ms";
        }
        else
        {
            var seconds = magnitude / NanosPerSecond;
            var hours = seconds / 3600;
            var minutes = seconds / 60 % 60;
            var rest = Decimal((seconds % 60 * NanosPerSecond) + (magnitude % NanosPerSecond), NanosPerSecond, 9) + "s";
            text = hours > 0 ? $"{Whole(hours)}h{Whole(minutes)}m{rest}" : minutes > 0 ? $"{Whole(minutes)}m{rest}" : rest;
        }

        return nanos < 0 ? "-" + text : text;
    }

    public static string FormatTimestamp(Int128 nanos)
    {
        var seconds = (long)(nanos >= 0 ? nanos / NanosPerSecond : ((nanos + 1) / NanosPerSecond) - 1);
        var fraction = (int)(nanos - ((Int128)seconds * NanosPerSecond));
        if (seconds is < -62_135_596_800 or > 253_402_300_799)
        {
            return $"{seconds.ToString(CultureInfo.InvariantCulture)}s since the Unix epoch";
        }

        var text = new StringBuilder(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (fraction != 0)
        {
            text.Append('.').Append(fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return text.Append('Z').ToString();
    }

    private static string Whole(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="value"/>/<paramref name="unit"/> with the fraction's trailing zeros dropped: 1500/1000 → "1.5".</summary>
    private static string Decimal(UInt128 value, UInt128 unit, int digits)
    {
        var whole = Whole(value / unit);
        var remainder = value % unit;
        return remainder == 0 ? whole : whole + "." + remainder.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
