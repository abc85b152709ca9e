using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.OpenApi.Types;

/// <summary>
/// The OpenAPI v3 component schemas of the built-in kinds, built once from <see cref="BuiltInTypeText"/>. The same
/// schemas are published in <c>/openapi/v3</c> (so <c>kubectl explain</c> sees them) and walked by
/// <see cref="Objects.Validation.TypedDecoder"/> to decode objects the way kube-apiserver's Go structs do.
/// The nodes are never mutated after construction; publishers clone them.
/// </summary>
internal static class BuiltInSchemas
{
    public const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string TimeName = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTimeName = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public const string ScaleName = "io.k8s.api.autoscaling.v1.Scale";
    private const string RefPrefix = "#/components/schemas/";

    private static readonly FrozenDictionary<string, string> Packages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["meta"] = "io.k8s.apimachinery.pkg.apis.meta.v1",
        ["core"] = "io.k8s.api.core.v1",
        ["apps"] = "io.k8s.api.apps.v1",
        ["discovery"] = "io.k8s.api.discovery.v1",
        ["coordination"] = "io.k8s.api.coordination.v1",
        ["networking"] = "io.k8s.api.networking.v1",
        ["rbac"] = "io.k8s.api.rbac.v1",
        ["policy"] = "io.k8s.api.policy.v1",
        ["certificates"] = "io.k8s.api.certificates.v1",
        ["apiextensions"] = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
        ["autoscaling"] = "io.k8s.api.autoscaling.v1",
        ["batch"] = "io.k8s.api.batch.v1",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every component schema by its OpenAPI name (<c>io.k8s.api.apps.v1.DeploymentSpec</c>).</summary>
    public static FrozenDictionary<string, JsonObject> Components { get; } = Build();

    /// <summary>The OpenAPI name a <c>$ref</c> or <c>allOf: [{$ref}]</c> schema points at, or null.</summary>
    public static string? RefName(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var reference = (schema["$ref"] ?? (schema["allOf"] as JsonArray)?.FirstOrDefault()?["$ref"]) as JsonValue;
        return reference is not null && reference.TryGetValue<string>(out var text) && text.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? text[RefPrefix.Length..]
            : null;
    }

    /// <summary>The names of <paramref name="roots"/> and every schema they reference, transitively.</summary>
    public static IReadOnlyCollection<string> Closure(IEnumerable<string> roots)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !Components.TryGetValue(name, out var schema))
            {
                continue;
            }

            foreach (var node in Descendants(schema))
            {
                if (node is JsonObject o && o["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) && target.StartsWith(RefPrefix, StringComparison.Ordinal))
                {
                    pending.Push(target[RefPrefix.Length..]);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }

    private static FrozenDictionary<string, JsonObject> Build()
    {
        var components = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [QuantityName] = new JsonObject
            {
                ["description"] = "Quantity is a fixed-point representation of a number, written as a string (\"100m\", \"1Gi\") or a number.",
                ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }),
            },
            [IntOrStringName] = new JsonObject
            {
                ["description"] = "IntOrString is a type that can hold an int32 or a string.",
                ["type"] = "string",
                ["format"] = "int-or-string",
                ["x-kubernetes-int-or-string"] = true,
            },
            [TimeName] = new JsonObject { ["description"] = "Time is an RFC 3339 date and time with second precision.", ["type"] = "string", ["format"] = "date-time" },
            [MicroTimeName] = new JsonObject { ["description"] = "MicroTime is an RFC 3339 date and time with microsecond precision.", ["type"] = "string", ["format"] = "date-time" },
        };

        foreach (var text in new[] { BuiltInTypeText.Meta, BuiltInTypeText.Core, BuiltInTypeText.Apps, BuiltInTypeText.Others, BatchTypeText.Batch })
        {
            Parse(text, components);
        }

        return components.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Parse(string text, Dictionary<string, JsonObject> components)
    {
        JsonObject? properties = null;
        var package = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("type ", StringComparison.Ordinal) || line.StartsWith("kind ", StringComparison.Ordinal))
            {
                var qualified = line[5..].Trim();
                var dot = qualified.IndexOf('.', StringComparison.Ordinal);
                package = qualified[..dot];
                var name = qualified[(dot + 1)..];
                properties = [];
                var schema = new JsonObject
                {
                    ["description"] = $"{name} ({package}).",
                    ["type"] = "object",
                    ["properties"] = properties,
                };
                if (line.StartsWith("kind ", StringComparison.Ordinal))
                {
                    properties["apiVersion"] = new JsonObject { ["description"] = "APIVersion defines the versioned schema of this representation of an object.", ["type"] = "string" };
                    properties["kind"] = new JsonObject { ["description"] = "Kind is a string value representing the REST resource this object represents.", ["type"] = "string" };
                    properties["metadata"] = Field("meta.ObjectMeta", "meta");
                }

                components[Packages[package] + "." + name] = schema;
                continue;
            }

            if (properties is null)
            {
                throw new InvalidOperationException($"field line before any type: {line}");
            }

            foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                properties[pair[..colon]] = Field(pair[(colon + 1)..], package);
            }
        }
    }

    private static JsonObject Field(string type, string package)
    {
        if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            return new JsonObject { ["type"] = "array", ["items"] = Field(type[2..], package) };
        }

        if (type.StartsWith("map[", StringComparison.Ordinal))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Field(type[4..^1], package) };
        }

        return type switch
        {
            "string" => new JsonObject { ["type"] = "string" },
            "int32" => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            "int64" => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
            "float64" => new JsonObject { ["type"] = "number", ["format"] = "double" },
            "bool" => new JsonObject { ["type"] = "boolean" },
            "bytes" => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            "any" => new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true },
            "quantity" => Ref(QuantityName),
            "intstr" => Ref(IntOrStringName),
            "time" => Ref(TimeName),
            "microtime" => Ref(MicroTimeName),
            _ => Ref(type.Contains('.', StringComparison.Ordinal)
                ? Packages[type[..type.IndexOf('.', StringComparison.Ordinal)]] + type[type.IndexOf('.', StringComparison.Ordinal)..]
                : Packages[package] + "." + type),
        };
    }

    private static JsonObject Ref(string name) => new() { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = RefPrefix + name }) };
}
