using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Mcs.Json;

/// <summary>
/// Kubernetes timestamps as the API server writes them: RFC 3339 in UTC with a <c>Z</c> suffix, six fractional
/// digits only when present. (The Kube client's converter is internal to its assembly; this is the same format.)
/// </summary>
internal sealed class TimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("timestamp must be a string");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"invalid RFC 3339 timestamp '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>Formats a timestamp the way the API server does.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }
}
