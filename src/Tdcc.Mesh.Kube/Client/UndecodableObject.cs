using System.Text.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// An object the server holds that does not decode into the client's type (for example <c>"replicas": "three"</c>
/// where an integer belongs). Lists and watches skip it and report it here, so one bad object never hides the others.
/// </summary>
/// <param name="Key">Namespace and name when the object's metadata names it with strings; otherwise null.</param>
/// <param name="ResourceVersion">metadata.resourceVersion when it is a string; otherwise null.</param>
/// <param name="Error">Why decoding failed (the decoder's message, with the JSON path where it knows it).</param>
public sealed record UndecodableObject(ObjectKey? Key, string? ResourceVersion, string Error)
{
    /// <summary>Reads what can be read of <paramref name="obj"/>'s metadata, leniently.</summary>
    public static UndecodableObject From(JsonElement obj, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string? ns = null, name = null, resourceVersion = null;
        if (obj.ValueKind == JsonValueKind.Object
            && obj.TryGetProperty("metadata", out var metadata)
            && metadata.ValueKind == JsonValueKind.Object)
        {
            ns = StringOf(metadata, "namespace");
            name = StringOf(metadata, "name");
            resourceVersion = StringOf(metadata, "resourceVersion");
        }

        var key = name is { Length: > 0 } ? new ObjectKey(ns ?? string.Empty, name) : (ObjectKey?)null;
        return new UndecodableObject(key, resourceVersion, error.Message);
    }

    /// <summary>True for the exceptions a decoder throws on data that does not fit the type.</summary>
    public static bool IsDecodeFailure(Exception exception) =>
        exception is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException or NotSupportedException;

    /// <inheritdoc />
    public override string ToString() => $"{Key?.ToString() ?? "<unnamed>"}@{ResourceVersion ?? "?"}: {Error}";

    private static string? StringOf(JsonElement metadata, string property) =>
        metadata.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
