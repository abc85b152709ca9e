using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>
/// Turns a feed object read from the hub into the manifest one cluster gets: the template (identity, labels,
/// annotations and every field but <c>status</c>; none of the server's metadata; <c>spec.replicas</c> from the
/// <see cref="DistributionLabels.ReplicasAnnotation"/> of a template held on the hub), the cluster's replicas for a
/// divided feed, then the overrides in order (<see cref="OverrideOrder"/>). Pure; inputs are never changed.
/// </summary>
public static class ManifestRenderer
{
    /// <summary>Metadata fields a template keeps; the rest (uid, resourceVersion, managedFields, owners, ...) belong to the hub's copy.</summary>
    private static readonly ImmutableArray<string> KeptMetadata = ["name", "namespace", "labels", "annotations"];

    /// <summary>Kinds whose <c>spec.replicas</c> a Divide subscription divides.</summary>
    public static readonly ImmutableHashSet<string> DividedKinds = ["Deployment", "StatefulSet", "ReplicaSet"];

    /// <summary>The template of a hub object: apiVersion, kind, the kept metadata and every other field but status.</summary>
    public static JsonObject Template(JsonObject hubObject)
    {
        ArgumentNullException.ThrowIfNull(hubObject);
        var result = new JsonObject();
        int? replicas = null;
        foreach (var (name, value) in hubObject)
        {
            switch (name)
            {
                case "status":
                    break;
                case "metadata" when value is JsonObject metadata:
                    var kept = new JsonObject();
                    foreach (var field in KeptMetadata)
                    {
                        if (metadata[field] is { } v)
                        {
                            kept[field] = v.DeepClone();
                        }
                    }

                    if (kept["annotations"] is JsonObject annotations)
                    {
                        // kubectl's record of its last apply on the hub means nothing in a member.
                        annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");

                        // A template held on the hub (replicas 0) names the replicas the members get.
                        if (annotations[DistributionLabels.ReplicasAnnotation] is JsonValue held
                            && int.TryParse(held.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var heldReplicas))
                        {
                            annotations.Remove(DistributionLabels.ReplicasAnnotation);
                            replicas = heldReplicas;
                        }

                        if (annotations.Count == 0)
                        {
                            kept.Remove("annotations");
                        }
                    }

                    result["metadata"] = kept;
                    break;
                default:
                    result[name] = value?.DeepClone();
                    break;
            }
        }

        if (replicas is { } count && result["spec"] is JsonObject spec)
        {
            spec["replicas"] = count;
        }

        return result;
    }

    /// <summary>The feed's desired replicas (<c>spec.replicas</c>, kube's default 1 when unset), or null when its kind is not divided.</summary>
    public static int? DesiredReplicas(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest["kind"]?.GetValue<string>() is not { } kind || !DividedKinds.Contains(kind))
        {
            return null;
        }

        return manifest["spec"]?["replicas"] is JsonValue value && value.TryGetValue<int>(out var replicas) ? replicas : 1;
    }

    /// <summary>
    /// The manifest for one cluster: <paramref name="template"/> with <paramref name="replicas"/> (when set) and the
    /// overrides applied in order. Throws <see cref="OverrideException"/> naming the override that failed.
    /// </summary>
    public static JsonObject Render(JsonObject template, int? replicas, IEnumerable<SourcedOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(overrides);
        var result = (JsonObject)template.DeepClone();
        if (replicas is { } count)
        {
            if (result["spec"] is not JsonObject spec)
            {
                result["spec"] = spec = new JsonObject();
            }

            spec["replicas"] = count;
        }

        foreach (var sourced in overrides)
        {
            try
            {
                result = OverrideApplier.Apply(result, sourced.Rule);
            }
            catch (Exception e) when (e is PatchException or InvalidOperationException or ArgumentException or FormatException or System.Text.Json.JsonException)
            {
                var name = string.IsNullOrEmpty(sourced.Rule.Name) ? sourced.Rule.Type : $"{sourced.Rule.Name} ({sourced.Rule.Type})";
                throw new OverrideException($"{sourced.Source}: override {name}: {e.Message}", e);
            }
        }

        return result;
    }

    /// <summary>What identifies a manifest: <c>Kind/namespace/name</c> (<c>Kind/name</c> when cluster-scoped), the key of <see cref="PlacementDecision.FeedReplicas"/>.</summary>
    public static string FeedKey(string? kind, string? ns, string? name) =>
        string.IsNullOrEmpty(ns) ? $"{kind}/{name}" : $"{kind}/{ns}/{name}";
}
