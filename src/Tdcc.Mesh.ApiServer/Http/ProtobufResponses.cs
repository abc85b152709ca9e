using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiServer.Protobuf;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// Responses in <c>application/vnd.kubernetes.protobuf</c>: objects, their lists, Status (errors and delete answers),
/// PartialObjectMetadata(List), each in kube's envelope. Built from the JSON the server keeps, with the same tables the
/// request decoder reads (<see cref="KubeProtobuf"/>).
/// </summary>
internal static class ProtobufResponses
{
    private static readonly object NegotiatedKey = new();

    /// <summary>Whether responses of <paramref name="definition"/> have a protobuf form (built-in kinds with tables; custom resources never, as kube).</summary>
    public static bool Serves(ResourceDefinition definition) =>
        !definition.IsCustom && KubeProtobuf.CanEncode(definition.ApiVersion, definition.Kind) && KubeProtobuf.CanEncode(definition.ApiVersion, definition.ListKind);

    /// <summary>Remembers that this request negotiated protobuf, so that its errors are written as protobuf Status.</summary>
    public static void Remember(HttpContext context, Negotiated negotiated)
    {
        if (negotiated.Protobuf)
        {
            context.Items[NegotiatedKey] = negotiated;
        }
    }

    /// <summary>True when the request negotiated protobuf earlier.</summary>
    public static bool Negotiated(HttpContext context) => context.Items.ContainsKey(NegotiatedKey);

    public static Task WriteAsync(HttpContext context, int statusCode, JsonObject obj) =>
        HttpResponses.WriteBytesAsync(context, statusCode, KubeProtobuf.Encode(obj), MediaTypes.Protobuf);

    /// <summary>A JSON body (Scale, Status) as protobuf when negotiated and its kind has a table, else as JSON.</summary>
    public static Task WriteNodeAsync(HttpContext context, int statusCode, JsonObject obj, Negotiated negotiated) =>
        negotiated.Protobuf && KubeProtobuf.CanEncode((string?)obj["apiVersion"] ?? string.Empty, (string?)obj["kind"] ?? string.Empty)
            ? WriteAsync(context, statusCode, obj)
            : HttpResponses.WriteJsonAsync(context, statusCode, obj);

    /// <summary>One object, or its PartialObjectMetadata.</summary>
    public static Task WriteObjectAsync(HttpContext context, int statusCode, ResourceDefinition definition, StoredObject stored, Negotiated negotiated)
    {
        var obj = Objects.ObjectService.Present(definition, stored);
        return WriteAsync(context, statusCode, negotiated.Representation == Representation.PartialObjectMetadata ? Partial(obj) : obj);
    }

    /// <summary>The kind's List message (or PartialObjectMetadataList) with its ListMeta.</summary>
    public static Task WriteListAsync(HttpContext context, ResourceDefinition definition, IReadOnlyList<StoredObject> items, string resourceVersion, string? continueToken, long? remaining, Negotiated negotiated)
    {
        var partial = negotiated.Representation == Representation.PartialObjectMetadata;
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        if (remaining is { } count)
        {
            metadata["remainingItemCount"] = count;
        }

        var array = new JsonArray();
        foreach (var item in items)
        {
            var obj = Objects.ObjectService.Present(definition, item);
            array.Add(partial ? Partial(obj) : obj);
        }

        var list = new JsonObject
        {
            ["apiVersion"] = partial ? "meta.k8s.io/v1" : definition.ApiVersion,
            ["kind"] = partial ? "PartialObjectMetadataList" : definition.ListKind,
            ["metadata"] = metadata,
            ["items"] = array,
        };
        return WriteAsync(context, 200, list);
    }

    /// <summary>A watch frame of one event: <paramref name="obj"/> enveloped inside a length-prefixed WatchEvent.</summary>
    public static byte[] WatchFrame(string type, JsonObject obj, Negotiated negotiated) =>
        KubeProtobuf.WatchEventFrame(type, KubeProtobuf.Encode(negotiated.Representation == Representation.PartialObjectMetadata ? Partial(obj) : obj));

    private static JsonObject Partial(JsonObject obj) => new()
    {
        ["apiVersion"] = "meta.k8s.io/v1",
        ["kind"] = "PartialObjectMetadata",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };
}
