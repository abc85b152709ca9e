using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>The order manifests are applied in: definitions and namespaces before what lives in them.</summary>
public static class ManifestOrder
{
    /// <summary>0 for a CustomResourceDefinition, 1 for a Namespace, 2 for the rest.</summary>
    public static int Rank(string? kind) => kind switch
    {
        "CustomResourceDefinition" => 0,
        "Namespace" => 1,
        _ => 2,
    };

    /// <summary><paramref name="manifests"/> ordered by <see cref="Rank"/>; a stable sort keeps their order otherwise.</summary>
    public static IEnumerable<JsonObject> Sort(IEnumerable<JsonObject> manifests) =>
        manifests.OrderBy(m => Rank(m["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) ? k : null));
}
