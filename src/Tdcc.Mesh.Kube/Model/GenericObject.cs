using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary>
/// An unstructured object of any kind: the JSON body as the server sent it, with typed access
/// to apiVersion, kind and metadata. Instances are immutable: the body is copied in and out.
/// </summary>
[JsonConverter(typeof(GenericObjectConverter))]
public sealed class GenericObject : IKubeObject
{
    private readonly JsonObject body;

    /// <summary>Wraps a copy of <paramref name="body"/>.</summary>
    public GenericObject(JsonObject body)
        : this(Owned.Take(CloneObject(body ?? throw new ArgumentNullException(nameof(body)))))
    {
    }

    /// <summary>Takes a body nobody else holds, without copying it.</summary>
    private GenericObject(Owned owned)
    {
        body = owned.Body;
        ApiVersion = body["apiVersion"] is JsonValue version && version.TryGetValue<string>(out var v) ? v : null;
        Kind = body["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) ? k : null;
        Metadata = body["metadata"] is JsonObject meta
            ? meta.Deserialize(KubeJsonContext.Default.ObjectMeta) ?? new ObjectMeta()
            : new ObjectMeta();
    }

    /// <inheritdoc />
    public string? ApiVersion { get; }

    /// <inheritdoc />
    public string? Kind { get; }

    /// <inheritdoc />
    public ObjectMeta Metadata { get; }

    /// <summary>A copy of the whole body, free to change.</summary>
    public JsonObject Body => CloneObject(body);

    /// <summary>Parses a JSON object.</summary>
    public static GenericObject Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonNode.Parse(json) is JsonObject obj
            ? new GenericObject(Owned.Take(obj))
            : throw new JsonException("a Kubernetes object must be a JSON object");
    }

    /// <summary>A new object with apiVersion, kind and metadata set, for creating objects of any kind.</summary>
    public static GenericObject Create(ResourceType type, ObjectMeta metadata, JsonObject? fields = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(metadata);
        var obj = fields is null ? new JsonObject() : CloneObject(fields);
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        obj["metadata"] = JsonSerializer.SerializeToNode(metadata, KubeJsonContext.Default.ObjectMeta);
        return new GenericObject(Owned.Take(obj));
    }

    /// <summary>A copy of a top-level field (for example <c>spec</c> or <c>data</c>), or null.</summary>
    public JsonNode? GetField(string name) => body[name]?.DeepClone();

    /// <summary>A copy of this object with a top-level field replaced (or removed when <paramref name="value"/> is null).</summary>
    public GenericObject WithField(string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var copy = CloneObject(body);
        if (value is null)
        {
            copy.Remove(name);
        }
        else
        {
            copy[name] = value.DeepClone();
        }

        return new GenericObject(Owned.Take(copy));
    }

    /// <summary>A copy of this object with other metadata.</summary>
    public GenericObject WithMetadata(ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return WithField("metadata", JsonSerializer.SerializeToNode(metadata, KubeJsonContext.Default.ObjectMeta));
    }

    /// <summary>Converts to a typed kind through JSON.</summary>
    public T? As<T>()
        where T : class, IKubeObject<T> => body.Deserialize(T.JsonTypeInfo);

    /// <summary>Converts a typed object to an unstructured one through JSON.</summary>
    public static GenericObject From<T>(T obj)
        where T : class, IKubeObject<T>
    {
        var node = JsonSerializer.SerializeToNode(obj, T.JsonTypeInfo) as JsonObject
            ?? throw new JsonException("object did not serialize to a JSON object");
        return new GenericObject(Owned.Take(node));
    }

    /// <summary>The body as compact JSON.</summary>
    public string ToJsonString() => body.ToJsonString();

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {ObjectKey.Of(this)}";

    internal void WriteTo(Utf8JsonWriter writer) => body.WriteTo(writer);

    internal static GenericObject FromOwned(JsonObject owned) => new(Owned.Take(owned));

    private static JsonObject CloneObject(JsonObject obj) => (JsonObject)obj.DeepClone();

    /// <summary>Marks a body as already private to the new instance.</summary>
    private readonly record struct Owned(JsonObject Body)
    {
        public static Owned Take(JsonObject body) => new(body);
    }
}
