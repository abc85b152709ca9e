using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>Turns a CustomResourceDefinition object into the resource definitions it serves.</summary>
internal static class CustomResourceDefinitions
{
    /// <summary>The served versions of a CRD, or none when it is malformed or being deleted.</summary>
    public static IReadOnlyList<ResourceDefinition> FromCrd(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names || spec["versions"] is not JsonArray versions)
        {
            return [];
        }

        var group = (string?)spec["group"] ?? string.Empty;
        var plural = (string?)names["plural"] ?? string.Empty;
        var kind = (string?)names["kind"] ?? string.Empty;
        if (group.Length == 0 || plural.Length == 0 || kind.Length == 0)
        {
            return [];
        }

        var result = new List<ResourceDefinition>();
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && served.TryGetValue<bool>(out var isServed) && !isServed)
            {
                continue;
            }

            var subresources = version["subresources"] as JsonObject ?? spec["subresources"] as JsonObject;
            var scale = subresources?["scale"] is JsonObject scaleObject
                ? new ScaleSubresource(
                    (string?)scaleObject["specReplicasPath"] ?? ".spec.replicas",
                    (string?)scaleObject["statusReplicasPath"] ?? ".status.replicas",
                    (string?)scaleObject["labelSelectorPath"])
                : null;
            var columns = (version["additionalPrinterColumns"] as JsonArray ?? spec["additionalPrinterColumns"] as JsonArray)?
                .OfType<JsonObject>()
                .Select(c => new PrinterColumn(
                    (string?)c["name"] ?? string.Empty,
                    (string?)c["type"] ?? "string",
                    (string?)c["format"] ?? string.Empty,
                    (string?)c["description"] ?? string.Empty,
                    c["priority"] is JsonValue p && p.TryGetValue<int>(out var priority) ? priority : 0,
                    (string?)c["jsonPath"] ?? (string?)c["JSONPath"] ?? string.Empty))
                .ToImmutableArray() ?? [];
            var selectable = (version["selectableFields"] as JsonArray)?.OfType<JsonObject>()
                .Select(f => ((string?)f["jsonPath"] ?? string.Empty).TrimStart('.'))
                .Where(f => f.Length > 0)
                .ToImmutableArray() ?? [];
            var schema = version["schema"]?["openAPIV3Schema"] as JsonObject ?? spec["validation"]?["openAPIV3Schema"] as JsonObject;
            result.Add(new ResourceDefinition
            {
                Group = group,
                Version = (string?)version["name"] ?? "v1",
                Resource = plural,
                Singular = (string?)names["singular"] is { Length: > 0 } singular ? singular : kind.ToLowerInvariant(),
                Kind = kind,
                Namespaced = !string.Equals((string?)spec["scope"], "Cluster", StringComparison.Ordinal),
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = subresources?["status"] is not null,
                Scale = scale,
                TracksGeneration = true,
                IsCustom = true,
                Storage = version["storage"] is JsonValue storage && storage.TryGetValue<bool>(out var isStorage) && isStorage,
                Schema = schema,
                Structural = ParseSchema(schema),
                PrinterColumns = columns,
                SelectableFields = selectable,
            });
        }

        return result;
    }

    private static StructuralSchema? ParseSchema(JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }

        try
        {
            return StructuralSchema.Parse(schema);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // Not structural: served without validation, as kube serves CRDs whose NonStructuralSchema condition is set.
            return null;
        }
    }

    private static ImmutableArray<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToImmutableArray() : [];
}
