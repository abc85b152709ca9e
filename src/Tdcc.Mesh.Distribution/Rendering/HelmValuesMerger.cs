using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>
/// The values one cluster's release is rendered with: the feed's <c>values</c>, then each <c>HelmValues</c> override
/// merged in the documented order (<see cref="OverrideOrder"/>; maps merge key by key, a later value wins, null removes
/// a key, as helm merges values files). Other override types do not apply to a chart feed and are reported.
/// </summary>
public static class HelmValuesMerger
{
    /// <summary>The merged values.</summary>
    /// <exception cref="OverrideException">An override is not HelmValues, or its value is not an object.</exception>
    public static JsonObject Merge(JsonElement? values, IEnumerable<SourcedOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var result = values is { ValueKind: JsonValueKind.Object } v ? JsonNode.Parse(v.GetRawText()) as JsonObject ?? [] : [];
        foreach (var sourced in overrides)
        {
            var name = string.IsNullOrEmpty(sourced.Rule.Name) ? sourced.Rule.Type : $"{sourced.Rule.Name} ({sourced.Rule.Type})";
            if (sourced.Rule.Type != OverrideTypes.HelmValues)
            {
                throw new OverrideException($"{sourced.Source}: override {name}: only HelmValues overrides apply to Helm chart feeds");
            }

            if (sourced.Rule.Value is not { ValueKind: JsonValueKind.Object } patch)
            {
                throw new OverrideException($"{sourced.Source}: override {name}: value must be an object of chart values");
            }

            result = JsonMergePatch.Apply(result, JsonNode.Parse(patch.GetRawText())) as JsonObject ?? [];
        }

        return result;
    }
}
