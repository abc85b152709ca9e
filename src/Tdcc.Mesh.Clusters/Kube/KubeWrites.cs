using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Kube;

/// <summary>Idempotent writes the hub and the agent repeat on every pass.</summary>
internal static class KubeWrites
{
    /// <summary>A JSON merge patch of the status subresource.</summary>
    public static Task<T> MergeStatusAsync<T>(IResourceClient<T> client, string? ns, string name, JsonObject status, CancellationToken cancellationToken)
        where T : class, IKubeObject =>
        client.PatchStatusAsync(ns, name, new Patch(PatchType.Merge, new JsonObject { ["status"] = status }.ToJsonString()), cancellationToken: cancellationToken);

    /// <summary>A Secret data value, decoded; null when absent or not base64.</summary>
    public static string? SecretValue(Secret secret, string key) => secret.DecodedValue(key);

    /// <summary>Base64 of UTF-8 text, as Secret data holds it.</summary>
    public static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
