using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Reads JSON numbers whatever CLR value backs the <see cref="JsonValue"/> (parsed text or a boxed number).</summary>
internal static class JsonNumbers
{
    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether the number has no fractional part and fits in an int64, as Go's JSON decoding into int64 would.</summary>
    public static bool TryGetInt64(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>Formats a number the way Go's <c>%v</c> prints a float64 (no exponent below 1e21, shortest digits).</summary>
    public static string Format(double value)
    {
        if (Math.Floor(value) == value && Math.Abs(value) < 1e21)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
