using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>
/// Legacy service-account token Secrets: the server fills <c>data.token</c> (and <c>data.namespace</c>) of a Secret of type
/// <c>kubernetes.io/service-account-token</c> that names its ServiceAccount, as kube's token controller did.
/// The token is JWT-shaped; its claims name the Secret, and the random signature part is what makes it secret:
/// the authenticator accepts a token only when it equals the one stored in the Secret it names.
/// </summary>
internal static class ServiceAccountTokens
{
    public const string SecretType = "kubernetes.io/service-account-token";
    public const string NameAnnotation = "kubernetes.io/service-account.name";
    public const string UidAnnotation = "kubernetes.io/service-account.uid";
    private const string NamespaceClaim = "kubernetes.io/serviceaccount/namespace";
    private const string SecretClaim = "kubernetes.io/serviceaccount/secret.name";
    private const string ServiceAccountClaim = "kubernetes.io/serviceaccount/service-account.name";

    /// <summary>Fills the token of a service-account token Secret that has none.</summary>
    public static void Fill(JsonObject secret)
    {
        if ((string?)secret["type"] != SecretType
            || secret["metadata"] is not JsonObject metadata
            || metadata["annotations"]?[NameAnnotation] is not JsonValue saValue
            || !saValue.TryGetValue<string>(out var serviceAccount)
            || string.IsNullOrEmpty(serviceAccount))
        {
            return;
        }

        var ns = (string?)metadata["namespace"] ?? string.Empty;
        var name = (string?)metadata["name"] ?? string.Empty;
        if (name.Length == 0 || ns.Length == 0)
        {
            return;
        }

        if (secret["data"] is not JsonObject data)
        {
            data = new JsonObject();
            secret["data"] = data;
        }

        if (data["token"] is JsonValue existing && existing.TryGetValue<string>(out var current) && current.Length > 0)
        {
            return;
        }

        var token = Issue(ns, name, serviceAccount);
        data["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
        data["namespace"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(ns));
    }

    /// <summary>A new token for the Secret <paramref name="ns"/>/<paramref name="secretName"/>.</summary>
    public static string Issue(string ns, string secretName, string serviceAccount)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["iss"] = "kubernetes/serviceaccount",
            [NamespaceClaim] = ns,
            [SecretClaim] = secretName,
            [ServiceAccountClaim] = serviceAccount,
            ["sub"] = $"system:serviceaccount:{ns}:{serviceAccount}",
        };
        return $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
    }

    /// <summary>The Secret a token claims to come from; null when the token is not one of ours.</summary>
    public static (string Namespace, string SecretName)? ClaimedSecret(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var claims = JsonNode.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1]))) as JsonObject;
            var ns = (string?)claims?[NamespaceClaim];
            var secret = (string?)claims?[SecretClaim];
            return string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(secret) ? null : (ns, secret);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Convert.FromBase64String(s);
    }
}
