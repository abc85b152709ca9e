using System.Text;

namespace Tdcc.Mesh.Metrics.Exposition;

/// <summary>Turns OpenTelemetry-style instrument names and units into Prometheus metric and label names.</summary>
internal static class PrometheusNames
{
    /// <summary>
    /// The metric name of an instrument: invalid characters (dots included) become underscores, repeated
    /// underscores collapse, the unit suffix is appended once, and counters end in <c>_total</c> while
    /// other types never do.
    /// </summary>
    public static string MetricName(string instrumentName, string? unit, MetricType type, bool appendUnit)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);
        var name = Sanitize(instrumentName, allowColon: true);
        name = StripSuffix(name, "_total");
        if (appendUnit)
        {
            var suffix = UnitSuffix(unit, type);
            if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
            {
                name = name + "_" + suffix;
            }
        }

        return type == MetricType.Counter ? name + "_total" : name;
    }

    /// <summary>A label name: letters, digits and underscores, not starting with a digit.</summary>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>
    /// The suffix for a UCUM unit: well-known units by name, annotations in braces dropped,
    /// <c>a/b</c> as <c>a_per_b</c>, and a dimensionless gauge (<c>1</c>) as <c>ratio</c>.
    /// </summary>
    public static string UnitSuffix(string? unit, MetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return string.Empty;
        }

        var trimmed = StripAnnotations(unit).Trim();
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }

        if (trimmed == "1")
        {
            return type == MetricType.Gauge ? "ratio" : string.Empty;
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && slash < trimmed.Length - 1)
        {
            var numerator = UnitWord(trimmed[..slash]);
            var denominator = PerUnitWord(trimmed[(slash + 1)..]);
            return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
        }

        return UnitWord(trimmed);
    }

    private static string UnitWord(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "bit" => "bits",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "%" => "percent",
        "1" => string.Empty,
        _ => Sanitize(unit, allowColon: false).Trim('_'),
    };

    private static string PerUnitWord(string unit) => unit switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        _ => UnitWord(unit),
    };

    private static string StripAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string StripSuffix(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;

    private static string Sanitize(string value, bool allowColon)
    {
        var builder = new StringBuilder(value.Length + 1);
        var lastUnderscore = false;
        foreach (var c in value)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && lastUnderscore)
            {
                continue;
            }

            builder.Append(next);
            lastUnderscore = next == '_';
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
