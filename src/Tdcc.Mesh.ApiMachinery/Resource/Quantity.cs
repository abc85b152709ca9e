using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Tdcc.Mesh.ApiMachinery.Resource;

/// <summary>
/// Kubernetes' resource.Quantity: a signed decimal held exactly to nano units (parsing rounds finer values up, away from
/// zero, as kube does), with the suffix family it was written in. <see cref="ToString"/> is kube's canonical form: no
/// fraction, the largest suffix that loses nothing (<c>1.5</c> → <c>1500m</c>, <c>1.5Gi</c> → <c>1536Mi</c>,
/// <c>1024Mi</c> → <c>1Gi</c>). Equality and ordering compare values only, like kube's <c>Cmp</c>/<c>Equal</c>:
/// <c>1Gi</c> equals <c>1073741824</c>.
/// </summary>
public readonly record struct Quantity : IComparable<Quantity>
{
    /// <summary>kube's ErrFormatWrong.</summary>
    public const string FormatWrongMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>kube's ErrNumeric.</summary>
    public const string NumericMessage = "unable to parse numeric part of quantity";

    /// <summary>kube's ErrSuffix.</summary>
    public const string SuffixMessage = "unable to parse quantity's suffix";

    /// <summary>Values above this many decimal digits (in nano units) are refused as numeric errors, to bound memory.</summary>
    private const int MaxDigits = 1000;

    private static readonly BigInteger NanosPerUnit = 1_000_000_000;
    private static readonly BigInteger BinaryMax = long.MaxValue;
    private static readonly string[] BinarySuffixes = [string.Empty, "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    private readonly BigInteger _nanos;

    private Quantity(BigInteger nanos, QuantityFormat format)
    {
        _nanos = nanos;
        Format = format;
    }

    /// <summary>Zero, in decimal SI.</summary>
    public static Quantity Zero => default;

    /// <summary>The suffix family used when formatting.</summary>
    public QuantityFormat Format { get; }

    /// <summary>True when the value is zero.</summary>
    public bool IsZero => _nanos.IsZero;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _nanos.Sign;

    /// <summary>A whole number of units (<c>NewQuantity</c>).</summary>
    public static Quantity FromInt64(long value, QuantityFormat format = QuantityFormat.DecimalSI) => new(value * NanosPerUnit, format);

    /// <summary>A number of thousandths (<c>NewMilliQuantity</c>).</summary>
    public static Quantity FromMilli(long milli, QuantityFormat format = QuantityFormat.DecimalSI) => new(milli * (NanosPerUnit / 1000), format);

    /// <summary>Parses like resource.ParseQuantity (no surrounding whitespace); throws <see cref="FormatException"/> with kube's message.</summary>
    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity, out var error) ? quantity : throw new FormatException(Message(error));

    /// <summary>Parses like resource.ParseQuantity; false for text kube rejects.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity) => TryParse(text, out quantity, out _);

    /// <summary>Parses like resource.ParseQuantity and says why it failed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity, out QuantityParseError error)
    {
        error = ParseCore(text, out quantity);
        return error == QuantityParseError.None;
    }

    /// <summary>kube's error text for a parse failure.</summary>
    public static string Message(QuantityParseError error) => error switch
    {
        QuantityParseError.None => string.Empty,
        QuantityParseError.Numeric => NumericMessage,
        QuantityParseError.Suffix => SuffixMessage,
        _ => FormatWrongMessage,
    };

    /// <summary>Adds; the result keeps the left format unless the left is zero (kube's <c>Add</c>).</summary>
    public static Quantity operator +(Quantity left, Quantity right) => new(left._nanos + right._nanos, left.IsZero ? right.Format : left.Format);

    /// <summary>Subtracts; the result keeps the left format unless the left is zero (kube's <c>Sub</c>).</summary>
    public static Quantity operator -(Quantity left, Quantity right) => new(left._nanos - right._nanos, left.IsZero ? right.Format : left.Format);

    /// <summary>Negates (kube's <c>Neg</c>).</summary>
    public static Quantity operator -(Quantity value) => new(-value._nanos, value.Format);

    /// <summary>Value comparison.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    /// <summary>Value comparison.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    /// <summary>Value comparison.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    /// <summary>Value comparison.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    /// <summary>Adds (named alternative of <c>+</c>).</summary>
    public static Quantity Add(Quantity left, Quantity right) => left + right;

    /// <summary>Subtracts (named alternative of <c>-</c>).</summary>
    public static Quantity Subtract(Quantity left, Quantity right) => left - right;

    /// <summary>Negates (named alternative of unary <c>-</c>).</summary>
    public static Quantity Negate(Quantity value) => -value;

    /// <summary>The sum of quantities with kube's <c>Add</c> format rule; zero for none.</summary>
    public static Quantity Sum(IEnumerable<Quantity> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var total = Zero;
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }

    /// <summary>The value in whole units, rounded away from zero (kube's <c>Value</c>); clamped to the range of long.</summary>
    public long Value() => ScaledValue(0);

    /// <summary>The value in thousandths, rounded away from zero (kube's <c>MilliValue</c>); clamped to the range of long.</summary>
    public long MilliValue() => ScaledValue(-3);

    /// <summary>The value divided by 10^<paramref name="exponent"/> (from -9 up), rounded away from zero (kube's <c>ScaledValue</c>); clamped to the range of long.</summary>
    public long ScaledValue(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(exponent, -9);
        var scaled = exponent + 9 > MaxDigits + 1
            ? (_nanos.IsZero ? BigInteger.Zero : _nanos.Sign)
            : DivideAwayFromZero(_nanos, BigInteger.Pow(10, exponent + 9));
        return scaled > long.MaxValue ? long.MaxValue : scaled < long.MinValue ? long.MinValue : (long)scaled;
    }

    /// <inheritdoc />
    public int CompareTo(Quantity other) => _nanos.CompareTo(other._nanos);

    /// <summary>Equal values are equal quantities whatever their formats (kube's <c>Equal</c>).</summary>
    public bool Equals(Quantity other) => _nanos == other._nanos;

    /// <inheritdoc />
    public override int GetHashCode() => _nanos.GetHashCode();

    /// <summary>kube's canonical text (<c>Quantity.String</c>).</summary>
    public override string ToString()
    {
        if (_nanos.IsZero)
        {
            return "0";
        }

        var format = Format;
        if (format == QuantityFormat.BinarySI && (BigInteger.Abs(_nanos) < 1024 * NanosPerUnit || !(_nanos % NanosPerUnit).IsZero))
        {
            // Small or fractional binary values print in decimal rather than rounding.
            format = QuantityFormat.DecimalSI;
        }

        if (format != QuantityFormat.BinarySI)
        {
            return Decimal(format);
        }

        var units = _nanos / NanosPerUnit;
        var power = 0;
        while ((units % 1024).IsZero)
        {
            units /= 1024;
            power++;
        }

        // Past Ei there is no binary suffix: the exact decimal form, never a dropped magnitude.
        return power < BinarySuffixes.Length
            ? units.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power]
            : Decimal(QuantityFormat.DecimalExponent);
    }

    private string Decimal(QuantityFormat format)
    {
        var mantissa = _nanos;
        var exponent = -9;
        while ((mantissa % 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }

        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }

        var number = mantissa.ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalSI && DecimalSuffix(exponent) is { } suffix)
        {
            return number + suffix;
        }

        return exponent == 0 ? number : number + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static string? DecimalSuffix(int exponent) => exponent switch
    {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => string.Empty,
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => null,
    };

    private static QuantityParseError ParseCore(string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrEmpty(text))
        {
            return QuantityParseError.FormatWrong;
        }

        var pos = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            pos++;
        }

        var numStart = pos;
        pos = SkipDigits(text, pos);
        var digits = text[numStart..pos];
        var fractionDigits = 0;
        if (pos < text.Length && text[pos] == '.')
        {
            var denomStart = ++pos;
            pos = SkipDigits(text, pos);
            fractionDigits = pos - denomStart;
            digits += text[denomStart..pos];
        }

        var suffixStart = pos;
        while (pos < text.Length && "eEinumkKMGTP".Contains(text[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < text.Length && text[pos] is '+' or '-')
        {
            pos++;
        }

        pos = SkipDigits(text, pos);
        if (pos < text.Length)
        {
            return QuantityParseError.FormatWrong;
        }

        if (!InterpretSuffix(text[suffixStart..], out var binary, out var exponent, out var format))
        {
            return QuantityParseError.Suffix;
        }

        var unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (binary)
        {
            unscaled <<= exponent;
            exponent = 0;
        }

        // nanos = unscaled * 10^(exponent - fractionDigits + 9), rounded away from zero when the power is negative.
        var power = (long)exponent - fractionDigits + 9;
        BigInteger nanos;
        if (power >= 0)
        {
            if (!unscaled.IsZero && power + digits.Length > MaxDigits)
            {
                return QuantityParseError.Numeric;
            }

            nanos = unscaled * BigInteger.Pow(10, (int)power);
        }
        else
        {
            nanos = -power > digits.Length + 1
                ? (unscaled.IsZero ? BigInteger.Zero : BigInteger.One)
                : DivideAwayFromZero(unscaled, BigInteger.Pow(10, (int)-power));
        }

        if (format == QuantityFormat.BinarySI)
        {
            if (nanos > BinaryMax * NanosPerUnit)
            {
                nanos = BinaryMax * NanosPerUnit;
            }

            if (!nanos.IsZero && nanos < NanosPerUnit)
            {
                format = QuantityFormat.DecimalSI;
            }
        }

        quantity = new Quantity(negative ? -nanos : nanos, format);
        return QuantityParseError.None;
    }

    private static int SkipDigits(string text, int pos)
    {
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        return pos;
    }

    private static bool InterpretSuffix(string suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        exponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            return true;
        }

        var binaryIndex = Array.IndexOf(BinarySuffixes, suffix, 1);
        if (binaryIndex > 0)
        {
            binary = true;
            format = QuantityFormat.BinarySI;
            exponent = binaryIndex * 10;
            return true;
        }

        format = QuantityFormat.DecimalExponent;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value is >= -int.MaxValue and <= int.MaxValue)
        {
            exponent = (int)value;
            return true;
        }

        return false;
    }

    private static BigInteger DivideAwayFromZero(BigInteger value, BigInteger divisor)
    {
        var quotient = BigInteger.DivRem(value, divisor, out var remainder);
        return remainder.IsZero ? quotient : quotient + remainder.Sign;
    }
}
