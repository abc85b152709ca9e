using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// One immutable stored object: its serialized JSON plus the few fields the store indexes.
/// The bytes are never mutated, so readers on any thread can share it.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(string resource, string ns, string name, string uid, long resourceVersion, byte[] json, FrozenDictionary<string, string> labels, string[] ownerUids)
    {
        Resource = resource;
        Namespace = ns;
        Name = name;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Json = json;
        Labels = labels;
        OwnerUids = ownerUids;
    }

    /// <summary>The qualified resource, e.g. <c>pods</c> or <c>deployments.apps</c>.</summary>
    public string Resource { get; }

    /// <summary>The namespace, empty for cluster-scoped objects.</summary>
    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    /// <summary>The serialized object (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public FrozenDictionary<string, string> Labels { get; }

    /// <summary>The uids named in metadata.ownerReferences.</summary>
    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>The key within a resource: <c>namespace/name</c>.</summary>
    public string Key => KeyOf(Namespace, Name);

    public static string KeyOf(string ns, string name) => ns + "/" + name;

    /// <summary>Builds a stored object from a JSON object, stamping <paramref name="resourceVersion"/> into its metadata.</summary>
    public static StoredObject Create(string resource, JsonObject obj, long resourceVersion)
    {
        var metadata = obj["metadata"] as JsonObject ?? throw new ArgumentException("object has no metadata", nameof(obj));
        metadata["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var labels = metadata["labels"] is JsonObject labelObject
            ? labelObject.Where(p => p.Value is JsonValue).ToFrozenDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : FrozenDictionary<string, string>.Empty;
        var owners = metadata["ownerReferences"] is JsonArray refs
            ? refs.OfType<JsonObject>().Select(r => (string?)r["uid"]).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).ToArray()
            : [];
        var json = JsonDefaults.ToUtf8(obj);
        return new StoredObject(
            resource,
            (string?)metadata["namespace"] ?? string.Empty,
            (string?)metadata["name"] ?? string.Empty,
            (string?)metadata["uid"] ?? string.Empty,
            resourceVersion,
            json,
            labels,
            owners);
    }

    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject ToJson() => JsonNode.Parse(Json.Span)!.AsObject();
}
