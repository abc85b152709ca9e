using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>
/// Converts YAML to JSON the way Kubernetes does (sigs.k8s.io/yaml over go-yaml v2), for request bodies
/// (<c>application/yaml</c>, <c>application/apply-patch+yaml</c>) and embedded manifests.
/// <list type="bullet">
/// <item>Quoted and block scalars are strings. Plain scalars resolve as go-yaml v2 does: <c>~</c>, <c>null</c>,
/// <c>Null</c>, <c>NULL</c> and empty are null; <c>true|yes|y|on</c> and <c>false|no|n|off</c> (lower, Title or UPPER
/// case) are booleans; Go integer syntax (<c>0x1F</c>, <c>0o17</c>, <c>017</c>, <c>0b101</c>, <c>1_000</c>) is an
/// int64, or a uint64 above it; decimal floats are float64; everything else, timestamps included, is a string.</item>
/// <item>Floats are written as Go's <c>encoding/json</c> writes them (<c>1.0</c> → <c>1</c>, <c>1e21</c> →
/// <c>1e+21</c>); <c>.inf</c> and <c>.nan</c> values are rejected, as JSON cannot hold them.</item>
/// <item>Keys become strings: numbers in decimal (float keys as Go's <c>%g</c> of a float32), booleans as
/// <c>true</c>/<c>false</c>; null and collection keys are rejected, as are two keys naming the same property.</item>
/// <item>Anchors, aliases and merge keys (<c>&lt;&lt;</c>, explicit keys win, earlier merged maps win) are expanded
/// within the limits of <see cref="YamlToJsonOptions"/>; properties keep document order.</item>
/// </list>
/// </summary>
public static class YamlToJson
{
    private const string MergeTag = "tag:yaml.org,2002:merge";

    /// <summary>The first document of <paramref name="yaml"/> as JSON (later documents are not read); null when there is none or it is empty.</summary>
    /// <exception cref="YamlToJsonException">The document is malformed, exceeds a limit or cannot be represented in JSON.</exception>
    public static JsonNode? Convert(string yaml, YamlToJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new YamlDocumentReader(yaml, options ?? YamlToJsonOptions.Default);
        return reader.TryRead(out var root) && root is not null ? Node(root) : null;
    }

    /// <summary>Every document of a <c>---</c>-separated stream, in order; an empty document is null.</summary>
    /// <exception cref="YamlToJsonException">A document is malformed, exceeds a limit or cannot be represented in JSON.</exception>
    public static IReadOnlyList<JsonNode?> ConvertAll(string yaml, YamlToJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new YamlDocumentReader(yaml, options ?? YamlToJsonOptions.Default);
        var documents = new List<JsonNode?>();
        while (reader.TryRead(out var root))
        {
            documents.Add(root is null ? null : Node(root));
        }

        return documents;
    }

    /// <summary>The first document, which must be a mapping (a manifest).</summary>
    /// <exception cref="YamlToJsonException">As <see cref="Convert"/>, or <see cref="YamlToJsonErrorKind.NotAnObject"/>.</exception>
    public static JsonObject ConvertObject(string yaml, YamlToJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new YamlDocumentReader(yaml, options ?? YamlToJsonOptions.Default);
        if (reader.TryRead(out var root) && root is not null && Node(root) is JsonObject json)
        {
            return json;
        }

        return root is null
            ? throw new YamlToJsonException(YamlToJsonErrorKind.NotAnObject, 0, 0, "the YAML document is empty, expected a mapping")
            : throw Error(YamlToJsonErrorKind.NotAnObject, root, "the YAML document is not a mapping");
    }

    private static JsonNode? Node(YamlTreeNode node) => node switch
    {
        YamlTreeMapping mapping => Mapping(mapping),
        YamlTreeSequence sequence => Sequence(sequence),
        YamlTreeScalar scalar => Value(scalar),
        _ => throw new InvalidOperationException($"unknown YAML node {node.GetType().Name}"),
    };

    private static JsonArray Sequence(YamlTreeSequence sequence)
    {
        var array = new JsonArray();
        foreach (var item in sequence.Items)
        {
            array.Add(Node(item));
        }

        return array;
    }

    private static JsonObject Mapping(YamlTreeMapping mapping)
    {
        var keys = new string?[mapping.Pairs.Count];
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = mapping.Pairs[i].Key;
            if (IsMerge(key))
            {
                continue;
            }

            keys[i] = Key(key);
            if (!explicitKeys.Add(keys[i]!))
            {
                throw Error(YamlToJsonErrorKind.DuplicateKey, key, $"key \"{keys[i]}\" already set in map");
            }
        }

        var json = new JsonObject();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is { } key)
            {
                json.Add(key, Node(mapping.Pairs[i].Value));
            }
            else
            {
                Merge(json, mapping.Pairs[i].Value, explicitKeys);
            }
        }

        return json;
    }

    /// <summary>Adds the properties of a merged mapping (or of each mapping of a sequence, earlier first) that are not set yet.</summary>
    private static void Merge(JsonObject json, YamlTreeNode source, HashSet<string> explicitKeys)
    {
        IEnumerable<YamlTreeNode> sources = source switch
        {
            YamlTreeMapping => [source],
            YamlTreeSequence sequence => sequence.Items,
            _ => throw Error(YamlToJsonErrorKind.InvalidMerge, source, "map merge requires map or sequence of maps as the value"),
        };

        foreach (var item in sources)
        {
            if (item is not YamlTreeMapping merged)
            {
                throw Error(YamlToJsonErrorKind.InvalidMerge, item, "map merge requires map or sequence of maps as the value");
            }

            var properties = Mapping(merged);
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                if (!explicitKeys.Contains(name) && !json.ContainsKey(name) && properties.Remove(name, out var value))
                {
                    json.Add(name, value);
                }
            }
        }
    }

    private static bool IsMerge(YamlTreeNode key) =>
        key is YamlTreeScalar { Value: "<<" } scalar
        && ((scalar.Style == ScalarStyle.Plain && scalar.Tag.Length == 0) || scalar.Tag == MergeTag);

    private static string Key(YamlTreeNode key)
    {
        if (key is not YamlTreeScalar scalar)
        {
            throw Error(YamlToJsonErrorKind.UnsupportedKey, key, $"unsupported map key: a {(key is YamlTreeMapping ? "mapping" : "sequence")} cannot be a JSON object key");
        }

        var resolved = Resolve(scalar);
        return resolved.Kind switch
        {
            YamlScalarKind.String or YamlScalarKind.Bool => resolved.Text,
            YamlScalarKind.Int => resolved.Int.ToString(CultureInfo.InvariantCulture),
            YamlScalarKind.UInt => resolved.UInt.ToString(CultureInfo.InvariantCulture),
            YamlScalarKind.Float => GoFloatFormat.Key(resolved.Float),
            _ => throw Error(YamlToJsonErrorKind.UnsupportedKey, key, "unsupported map key: null cannot be a JSON object key"),
        };
    }

    private static JsonValue? Value(YamlTreeScalar scalar)
    {
        var resolved = Resolve(scalar);
        switch (resolved.Kind)
        {
            case YamlScalarKind.Null:
                return null;
            case YamlScalarKind.Bool:
                return JsonValue.Create(resolved.Bool);
            case YamlScalarKind.Int:
                return JsonValue.Create(resolved.Int);
            case YamlScalarKind.UInt:
                return JsonValue.Create(resolved.UInt);
            case YamlScalarKind.Float when double.IsFinite(resolved.Float):
                return (JsonValue)JsonNode.Parse(GoFloatFormat.Json(resolved.Float))!;
            case YamlScalarKind.Float:
                var special = double.IsNaN(resolved.Float) ? "NaN" : resolved.Float > 0 ? "+Inf" : "-Inf";
                throw Error(YamlToJsonErrorKind.UnsupportedValue, scalar, $"json: unsupported value: {special} ({scalar.Value})");
            default:
                return JsonValue.Create(resolved.Text);
        }
    }

    private static YamlScalar Resolve(YamlTreeScalar scalar)
    {
        if (scalar.Tag.Length == 0)
        {
            return scalar.Style == ScalarStyle.Plain ? YamlScalarResolver.ResolvePlain(scalar.Value) : YamlScalar.OfString(scalar.Value);
        }

        if (scalar.Tag == "!")
        {
            return YamlScalar.OfString(scalar.Value);
        }

        return YamlScalarResolver.ResolveTagged(scalar.Tag, scalar.Value)
            ?? throw Error(YamlToJsonErrorKind.UnsupportedValue, scalar, $"cannot decode `{scalar.Value}` as a {ShortTag(scalar.Tag)}");
    }

    private static string ShortTag(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private static YamlToJsonException Error(YamlToJsonErrorKind kind, YamlTreeNode at, string reason) =>
        new(kind, at.Start.Line, at.Start.Column, reason);
}
