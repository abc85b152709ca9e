using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>Applies one override rule to a manifest (a copy is returned; the input is not changed).</summary>
public static class OverrideApplier
{
    /// <summary>Applies <paramref name="rule"/>; throws <see cref="InvalidOperationException"/> (or a patch error) when it cannot.</summary>
    public static JsonObject Apply(JsonObject manifest, OverrideRule rule)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(rule);
        var result = (JsonObject)manifest.DeepClone();
        switch (rule.Type)
        {
            case OverrideTypes.MergePatch:
                return JsonMergePatch.Apply(result, Value(rule)) as JsonObject
                    ?? throw new InvalidOperationException("the merge patch does not leave an object");
            case OverrideTypes.JsonPatch:
                return JsonPatch.Apply(result, Value(rule)) as JsonObject
                    ?? throw new InvalidOperationException("the JSON patch does not leave an object");
            case OverrideTypes.Labels:
                SetMap(result, "labels", rule.Labels ?? throw new InvalidOperationException("labels is required"));
                return result;
            case OverrideTypes.Annotations:
                SetMap(result, "annotations", rule.Annotations ?? throw new InvalidOperationException("annotations is required"));
                return result;
            case OverrideTypes.Image:
                var image = rule.Image ?? throw new InvalidOperationException("image is required");
                foreach (var container in Containers(result, image.Container, initContainers: true))
                {
                    container["image"] = ImageReference.Parse(container["image"]?.GetValue<string>() ?? string.Empty)
                        .With(image.Registry, image.Repository, image.Tag)
                        .ToString();
                }

                return result;
            case OverrideTypes.Args:
                var args = rule.Args ?? throw new InvalidOperationException("args is required");
                var target = args.Container is null ? Containers(result, null, initContainers: false).Take(1) : Containers(result, args.Container, initContainers: false);
                foreach (var container in target)
                {
                    var values = new JsonArray((args.Values ?? []).Select(v => (JsonNode?)v).ToArray());
                    if (args.Operation is null or "Append" && container["args"] is JsonArray existing)
                    {
                        foreach (var v in values.ToList())
                        {
                            values.Remove(v);
                            existing.Add(v);
                        }
                    }
                    else if (args.Operation is null or "Append" or "Replace")
                    {
                        container["args"] = values;
                    }
                    else
                    {
                        throw new InvalidOperationException($"args.operation must be Append or Replace, not {args.Operation}");
                    }
                }

                return result;
            case OverrideTypes.Env:
                var env = rule.Env ?? throw new InvalidOperationException("env is required");
                foreach (var container in Containers(result, env.Container, initContainers: false))
                {
                    if (container["env"] is not JsonArray list)
                    {
                        container["env"] = list = [];
                    }

                    foreach (var (name, value) in (env.Values ?? System.Collections.Immutable.ImmutableDictionary<string, string>.Empty).OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        var entry = list.OfType<JsonObject>().FirstOrDefault(e => e["name"]?.GetValue<string>() == name);
                        if (entry is null)
                        {
                            list.Add(new JsonObject { ["name"] = name, ["value"] = value });
                        }
                        else
                        {
                            entry.Remove("valueFrom");
                            entry["value"] = value;
                        }
                    }
                }

                return result;
            case OverrideTypes.HelmValues:
                throw new InvalidOperationException("HelmValues applies to Helm chart feeds only");
            default:
                throw new InvalidOperationException($"unknown override type '{rule.Type}'");
        }
    }

    private static JsonNode Value(OverrideRule rule) =>
        rule.Value is { } value && JsonNode.Parse(value.GetRawText()) is { } node
            ? node
            : throw new InvalidOperationException("value is required");

    private static void SetMap(JsonObject manifest, string field, IReadOnlyDictionary<string, string> values)
    {
        if (manifest["metadata"] is not JsonObject metadata)
        {
            manifest["metadata"] = metadata = new JsonObject();
        }

        if (metadata[field] is not JsonObject map)
        {
            metadata[field] = map = new JsonObject();
        }

        foreach (var (key, value) in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                map.Remove(key);
            }
            else
            {
                map[key] = value;
            }
        }

        if (map.Count == 0)
        {
            metadata.Remove(field);
        }
    }

    /// <summary>The containers of the manifest's pod spec named <paramref name="name"/> (null: all); none when the kind has no pod spec.</summary>
    private static List<JsonObject> Containers(JsonObject manifest, string? name, bool initContainers)
    {
        var podSpec = PodSpec(manifest);
        if (podSpec is null)
        {
            throw new InvalidOperationException($"{manifest["kind"]} has no pod template");
        }

        var fields = initContainers ? new[] { "initContainers", "containers" } : ["containers"];
        var result = fields
            .SelectMany(f => podSpec[f] is JsonArray array ? array.OfType<JsonObject>() : [])
            .Where(c => name is null || c["name"]?.GetValue<string>() == name)
            .ToList();
        if (name is not null && result.Count == 0)
        {
            throw new InvalidOperationException($"no container named {name}");
        }

        return result;
    }

    private static JsonObject? PodSpec(JsonObject manifest) => manifest["kind"]?.GetValue<string>() switch
    {
        "Pod" => manifest["spec"] as JsonObject,
        "CronJob" => manifest["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"] as JsonObject,
        _ => manifest["spec"]?["template"]?["spec"] as JsonObject,
    };
}
