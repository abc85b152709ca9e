using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// A stable short hash of a pod template (FNV-1a over its JSON), written with kube's safe alphabet
/// (no vowels, no look-alike digits), as the <c>pod-template-hash</c> label and ReplicaSet name suffix.
/// </summary>
internal static class TemplateHash
{
    public const string Label = "pod-template-hash";
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(PodTemplateSpec? template, int? collisionCount = null)
    {
        // Maps (labels, resource requests) enumerate in a per-process order; hash a canonical form with sorted keys.
        var node = JsonSerializer.SerializeToNode(template ?? new PodTemplateSpec(), KubeJsonContext.Default.PodTemplateSpec);
        var json = Encoding.UTF8.GetBytes(Canonical(node));
        var hash = 2166136261u;
        foreach (var b in json)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        if (collisionCount is { } count)
        {
            foreach (var b in BitConverter.GetBytes(count))
            {
                hash = unchecked((hash ^ b) * 16777619u);
            }
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(',', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonValue.Create(p.Key).ToJsonString() + ":" + Canonical(p.Value))) + "}",
        JsonArray array => "[" + string.Join(',', array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static string SafeEncode(string digits)
    {
        var chars = new char[Math.Min(10, digits.Length)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[(digits[i] * 7 + i) % Alphabet.Length];
        }

        return new string(chars);
    }
}
