using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>
/// Resolves scalars the way sigs.k8s.io/yaml does (go-yaml v2 decoding into <c>interface{}</c>): YAML 1.1 booleans
/// (<c>y|yes|on|true</c> and <c>n|no|off|false</c> in lower, Title and UPPER case), nulls (<c>~</c>, <c>null|Null|NULL</c>,
/// empty), Go integer syntax (<c>0x</c>, <c>0o</c>, <c>0b</c>, a leading <c>0</c> for octal, <c>_</c> separators) as int64
/// then uint64, then decimal floats and <c>.inf</c>/<c>.nan</c>; anything else (timestamps included) stays a string.
/// </summary>
internal static class YamlScalarResolver
{
    public const string StrTag = "tag:yaml.org,2002:str";
    public const string BinaryTag = "tag:yaml.org,2002:binary";
    public const string BoolTag = "tag:yaml.org,2002:bool";
    public const string IntTag = "tag:yaml.org,2002:int";
    public const string FloatTag = "tag:yaml.org,2002:float";
    public const string NullTag = "tag:yaml.org,2002:null";
    public const string TimestampTag = "tag:yaml.org,2002:timestamp";

    /// <summary>Resolves a plain, untagged scalar.</summary>
    public static YamlScalar ResolvePlain(string text)
    {
        var hint = text.Length == 0 ? 'M' : Hint(text[0]);
        if (hint == '\0')
        {
            return YamlScalar.OfString(text);
        }

        if (Lookup(text) is { } known)
        {
            return known;
        }

        switch (hint)
        {
            case '.':
                return IsYamlStyleFloat(text) && TryParseFloat(text, out var fraction) ? YamlScalar.OfFloat(fraction) : YamlScalar.OfString(text);
            case 'D' or 'S':
                return ResolveNumber(text);
            default:
                return YamlScalar.OfString(text);
        }
    }

    /// <summary>
    /// Resolves a scalar with an explicit tag (<paramref name="tag"/> is the full tag, e.g. <c>tag:yaml.org,2002:int</c>).
    /// Returns null when the text does not fit the tag.
    /// </summary>
    public static YamlScalar? ResolveTagged(string tag, string text)
    {
        switch (tag)
        {
            case StrTag or TimestampTag:
                return YamlScalar.OfString(text);
            case BinaryTag:
                return DecodeBinary(text);
            case BoolTag or IntTag or FloatTag or NullTag:
                var resolved = ResolvePlain(text);
                return (tag, resolved.Kind) switch
                {
                    (BoolTag, YamlScalarKind.Bool) or (NullTag, YamlScalarKind.Null) or (FloatTag, YamlScalarKind.Float) => resolved,
                    (IntTag, YamlScalarKind.Int or YamlScalarKind.UInt) => resolved,
                    (FloatTag, YamlScalarKind.Int) => YamlScalar.OfFloat(resolved.Int),
                    (FloatTag, YamlScalarKind.UInt) => YamlScalar.OfFloat(resolved.UInt),
                    _ => null,
                };
            default:
                // Custom and collection tags on a scalar: go-yaml keeps the text.
                return YamlScalar.OfString(text);
        }
    }

    private static char Hint(char first) => first switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };

    private static YamlScalar? Lookup(string text) => text switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => YamlScalar.OfBool(true),
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => YamlScalar.OfBool(false),
        "" or "~" or "null" or "Null" or "NULL" => YamlScalar.Null,
        ".nan" or ".NaN" or ".NAN" => YamlScalar.OfFloat(double.NaN),
        ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => YamlScalar.OfFloat(double.PositiveInfinity),
        "-.inf" or "-.Inf" or "-.INF" => YamlScalar.OfFloat(double.NegativeInfinity),
        _ => null,
    };

    private static YamlScalar ResolveNumber(string text)
    {
        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var integer))
        {
            return YamlScalar.OfInt(integer);
        }

        if (TryParseGoUInt(plain, out var unsigned))
        {
            return YamlScalar.OfUInt(unsigned);
        }

        if (IsYamlStyleFloat(plain) && TryParseFloat(plain, out var number))
        {
            return YamlScalar.OfFloat(number);
        }

        // go-yaml v2's own binary fallback ("0b" followed by a signed binary number).
        if (plain.StartsWith("0b", StringComparison.Ordinal))
        {
            if (TryParseSigned(plain[2..], 2, out integer))
            {
                return YamlScalar.OfInt(integer);
            }

            if (TryParseMagnitude(plain[2..], 2, out unsigned))
            {
                return YamlScalar.OfUInt(unsigned);
            }
        }

        return YamlScalar.OfString(text);
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>.</summary>
    internal static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        var negative = s.Length > 0 && s[0] == '-';
        var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (!TryParseGoUInt(body, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, 64)</c> (no sign allowed).</summary>
    internal static bool TryParseGoUInt(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        if (s[0] == '0' && s.Length > 1)
        {
            return char.ToLowerInvariant(s[1]) switch
            {
                'x' => TryParseMagnitude(s[2..], 16, out value),
                'o' => TryParseMagnitude(s[2..], 8, out value),
                'b' => TryParseMagnitude(s[2..], 2, out value),
                _ => TryParseMagnitude(s[1..], 8, out value),
            };
        }

        return TryParseMagnitude(s, 10, out value);
    }

    private static bool TryParseSigned(string s, int radix, out long value)
    {
        value = 0;
        var negative = s.Length > 0 && s[0] == '-';
        var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (!TryParseMagnitude(body, radix, out var magnitude) || magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            return false;
        }

        value = negative ? (magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude) : (long)magnitude;
        return true;
    }

    private static bool TryParseMagnitude(string digits, int radix, out ulong value)
    {
        value = 0;
        if (digits.Length == 0)
        {
            return false;
        }

        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= radix)
            {
                return false;
            }

            var next = unchecked((value * (ulong)radix) + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            value = next;
        }

        return true;
    }

    /// <summary>go-yaml's <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>.</summary>
    private static bool IsYamlStyleFloat(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        var integerDigits = CountDigits(s, ref i);
        if (integerDigits == 0)
        {
            if (i >= s.Length || s[i] != '.')
            {
                return false;
            }

            i++;
            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }
        else if (i < s.Length && s[i] == '.')
        {
            i++;
            CountDigits(s, ref i);
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static int CountDigits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i - start;
    }

    /// <summary>Go's <c>strconv.ParseFloat</c> on syntax already checked: out of range is an error, not infinity.</summary>
    private static bool TryParseFloat(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static YamlScalar? DecodeBinary(string text)
    {
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        try
        {
            var bytes = Convert.FromBase64String(compact.ToString());
            return YamlScalar.OfString(Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
