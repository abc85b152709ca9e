using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>
/// The continue token of a paged cache list, shaped like the API server's: base64url JSON of the resourceVersion
/// the first page was served at and the key of the last object returned. The next page starts after that key,
/// so objects added or removed between pages never shift an object into a second page or out of all pages.
/// </summary>
internal static class ContinueToken
{
    public static string Encode(string? resourceVersion, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKey }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="KubeApiException">BadRequest when the token is not one this cache issued.</exception>
    public static (string? ResourceVersion, string LastKey) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var obj = JsonNode.Parse(Convert.FromBase64String(base64))?.AsObject()
                ?? throw new FormatException("the token is not a JSON object");
            var start = (string?)obj["start"] ?? throw new FormatException("the token has no start key");
            return ((string?)obj["rv"], start);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new KubeApiException(KubeErrorReason.BadRequest, 400, $"continue key is not valid: {e.Message}");
        }
    }
}
