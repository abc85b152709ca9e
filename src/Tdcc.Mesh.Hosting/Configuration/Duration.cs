using System.Globalization;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.Hosting.Configuration;

/// <summary>Durations as Kubernetes flags write them (Go's syntax): <c>300ms</c>, <c>15s</c>, <c>1m30s</c>, <c>2h</c>.</summary>
public static partial class Duration
{
    /// <summary>The duration; throws <see cref="FormatException"/> with an example when <paramref name="text"/> is not one.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var parts = Part().Matches(value);
        if (value.Length == 0 || parts.Sum(m => m.Length) != value.Length)
        {
            throw new FormatException($"'{text}' is not a duration like 300ms, 15s, 1m30s or 2h");
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var number = double.Parse(part.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            total += part.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                _ => TimeSpan.FromHours(number),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
