using System.Globalization;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary>
/// Kubernetes <c>intstr.IntOrString</c>: a number (<c>8080</c>) or a string (<c>"http"</c>, <c>"25%"</c>),
/// serialized as whichever it holds.
/// </summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int? intValue, string? stringValue)
    {
        IntValue = intValue;
        StringValue = stringValue;
    }

    /// <summary>The number, when this holds one.</summary>
    public int? IntValue { get; }

    /// <summary>The string, when this holds one.</summary>
    public string? StringValue { get; }

    /// <summary>True when this holds a number.</summary>
    public bool IsInt => IntValue.HasValue;

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(null, value ?? throw new ArgumentNullException(nameof(value)));

    public static implicit operator IntOrString(int value) => FromInt(value);

    public static implicit operator IntOrString(string value) => FromString(value);

    /// <summary>
    /// Resolves the value against a total, as Kubernetes does for <c>maxSurge</c>/<c>maxUnavailable</c>:
    /// a number is returned as is, a percentage is applied to <paramref name="total"/>.
    /// </summary>
    public int ScaledValue(int total, bool roundUp)
    {
        if (IntValue is { } number)
        {
            return number;
        }

        var text = StringValue ?? string.Empty;
        if (!text.EndsWith('%') || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            throw new FormatException($"'{text}' is not a number or a percentage");
        }

        var scaled = (long)percent * total;
        return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    /// <inheritdoc />
    public override string ToString() => IntValue?.ToString(CultureInfo.InvariantCulture) ?? StringValue ?? string.Empty;
}
