using System.Globalization;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>Parses Go's time.Duration strings (1h2m3.5s, 250ms, -1.5h, 0s) into nanoseconds.</summary>
internal static class GoDuration
{
    private static readonly (string Unit, decimal Nanos)[] Units =
    [
        ("ns", 1m), ("us", 1_000m), ("µs", 1_000m), ("μs", 1_000m), ("ms", 1_000_000m), ("s", 1_000_000_000m), ("m", 60_000_000_000m), ("h", 3_600_000_000_000m),
    ];

    /// <exception cref="FormatException">The text is not a Go duration.</exception>
    public static long Parse(string text, string path)
    {
        var rest = text.AsSpan();
        var negative = rest.StartsWith("-");
        if (negative || rest.StartsWith("+"))
        {
            rest = rest[1..];
        }

        if (rest.SequenceEqual("0"))
        {
            return 0;
        }

        decimal total = 0;
        while (rest.Length > 0)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            var unitLength = 0;
            while (digits + unitLength < rest.Length && !char.IsAsciiDigit(rest[digits + unitLength]) && rest[digits + unitLength] != '.')
            {
                unitLength++;
            }

            var unit = rest.Slice(digits, unitLength).ToString();
            if (digits == 0 || !decimal.TryParse(rest[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || Array.FindIndex(Units, u => u.Unit == unit) is var index && index < 0)
            {
                throw new FormatException($"{path}: invalid duration \"{text}\"");
            }

            total += amount * Units[index].Nanos;
            rest = rest[(digits + unitLength)..];
        }

        return (long)(negative ? -total : total);
    }
}
