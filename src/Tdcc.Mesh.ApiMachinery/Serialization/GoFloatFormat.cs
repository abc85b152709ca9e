using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>Go's float formatting where YAML→JSON conversion shows it: <c>encoding/json</c> numbers and float map keys.</summary>
internal static class GoFloatFormat
{
    /// <summary>
    /// How Go's <c>encoding/json</c> writes a finite float64: shortest digits, plain notation for 1e-6 ≤ |x| &lt; 1e21,
    /// otherwise <c>1e+21</c> / <c>1e-7</c>.
    /// </summary>
    public static string Json(double value)
    {
        var (negative, digits, point) = Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var text = Exponent(negative, digits, point);
            var n = text.Length;
            return n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0' ? text[..(n - 2)] + text[n - 1] : text;
        }

        return Fixed(negative, digits, point);
    }

    /// <summary>
    /// Go's <c>strconv.FormatFloat(v, 'g', -1, 32)</c> with <c>.inf</c>, <c>-.inf</c>, <c>.nan</c> for the specials: how
    /// sigs.k8s.io/yaml turns a float map key into a JSON property name.
    /// </summary>
    public static string Key(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        var single = (float)value;
        if (float.IsInfinity(single))
        {
            return single > 0 ? ".inf" : "-.inf";
        }

        var (negative, digits, point) = Decompose(single.ToString("R", CultureInfo.InvariantCulture));
        var exponent = point - 1;
        return digits != "0" && (exponent < -4 || exponent >= 6) ? Exponent(negative, digits, point) : Fixed(negative, digits, point);
    }

    /// <summary>Splits .NET's round-trip text into sign, significant digits and the decimal point position (value = 0.digits × 10^point).</summary>
    private static (bool Negative, string Digits, int Point) Decompose(string text)
    {
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integer = dot >= 0 ? text[..dot] : text;
        var digits = integer + (dot >= 0 ? text[(dot + 1)..] : string.Empty);
        var point = integer.Length + exponent;
        var leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        return digits.Length == 0 ? (negative, "0", 1) : (negative, digits, point - leading);
    }

    private static string Fixed(bool negative, string digits, int point)
    {
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }

        if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return text.ToString();
    }

    private static string Exponent(bool negative, string digits, int point)
    {
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }

        text.Append(digits[0]);
        if (digits.Length > 1)
        {
            text.Append('.').Append(digits, 1, digits.Length - 1);
        }

        var exponent = point - 1;
        text.Append('e').Append(exponent < 0 ? '-' : '+');
        text.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
