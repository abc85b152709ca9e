using System.Globalization;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>Parses Kubernetes resource quantities (<c>500m</c>, <c>2</c>, <c>128Mi</c>, <c>1G</c>) for scheduling.</summary>
internal static class Quantities
{
    /// <summary>CPU in millicores; 0 when absent or unreadable.</summary>
    public static long MilliCpu(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (value.EndsWith('m'))
        {
            return long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var milli) ? milli : 0;
        }

        return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var cores) ? (long)Math.Ceiling(cores * 1000) : 0;
    }

    /// <summary>Bytes; 0 when absent or unreadable.</summary>
    public static long Bytes(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        string[] binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
        string[] decimals = ["k", "M", "G", "T", "P", "E"];
        for (var i = 0; i < binary.Length; i++)
        {
            if (value.EndsWith(binary[i], StringComparison.Ordinal))
            {
                return Scale(value[..^2], Math.Pow(1024, i + 1));
            }
        }

        for (var i = 0; i < decimals.Length; i++)
        {
            if (value.EndsWith(decimals[i], StringComparison.Ordinal))
            {
                return Scale(value[..^1], Math.Pow(1000, i + 1));
            }
        }

        return value.EndsWith('m') ? Scale(value[..^1], 0.001) : Scale(value, 1);
    }

    private static long Scale(string number, double factor) =>
        decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? (long)Math.Ceiling((double)n * factor) : 0;
}
