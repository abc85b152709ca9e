using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// Decodes a list response one item at a time: items that do not fit the type are left out and reported in
/// <see cref="KubeList{T}.Undecodable"/>, so one bad object does not fail the list of all the others
/// (client-go's reflector fails the whole list).
/// </summary>
internal static class ListDecoder
{
    public static KubeList<T> DecodeItemByItem<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a list response must be a JSON object");
        }

        var items = ImmutableArray.CreateBuilder<T>();
        var undecodable = ImmutableArray.CreateBuilder<UndecodableObject>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                try
                {
                    if (item.Deserialize(typeInfo) is { } obj)
                    {
                        items.Add(obj);
                    }
                }
                catch (Exception ex) when (UndecodableObject.IsDecodeFailure(ex))
                {
                    undecodable.Add(UndecodableObject.From(item, ex));
                }
            }
        }

        return new KubeList<T>
        {
            ApiVersion = StringOf(root, "apiVersion"),
            Kind = StringOf(root, "kind"),
            Metadata = ReadListMeta(root),
            Items = items.ToImmutable(),
            Undecodable = undecodable.ToImmutable(),
        };
    }

    private static ListMeta ReadListMeta(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return ListMeta.Empty;
        }

        long? remaining = metadata.TryGetProperty("remainingItemCount", out var count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt64(out var n) ? n : null;
        return new ListMeta
        {
            ResourceVersion = StringOf(metadata, "resourceVersion"),
            Continue = StringOf(metadata, "continue"),
            RemainingItemCount = remaining,
        };
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
