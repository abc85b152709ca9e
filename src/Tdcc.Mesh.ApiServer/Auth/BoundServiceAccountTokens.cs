using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>
/// Bound service-account tokens (the TokenRequest API, <c>serviceaccounts/token</c>): JWTs signed with HS256 by the
/// server's key (<c>pki/sa.key</c> in the data directory, mode 0600, so tokens survive a restart; in memory without one),
/// carrying kube's claims (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>, <c>nbf</c> and
/// <c>kubernetes.io</c> with the namespace, the service account's name and uid and the bound object). A token
/// authenticates while it has not expired, names an API audience, and its service account (and bound object) still
/// exist with the same uid and are not being deleted.
/// </summary>
internal sealed class BoundServiceAccountTokens
{
    /// <summary>The issuer, and the audience the API server accepts (kube's default <c>--api-audiences</c> is the issuer).</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private const string KeyFile = "sa.key";
    private const string Directory = "pki";

    private readonly byte[] _key;
    private readonly IApiStore _store;
    private readonly TimeProvider _time;

    private BoundServiceAccountTokens(byte[] key, IApiStore store, TimeProvider time)
    {
        _key = key;
        _store = store;
        _time = time;
    }

    public static ImmutableArray<string> ApiAudiences { get; } = [Issuer];

    /// <summary>Reads the signing key of <paramref name="dataDirectory"/>, or makes (and stores) one.</summary>
    public static BoundServiceAccountTokens Create(string? dataDirectory, IApiStore store, TimeProvider time)
    {
        var file = dataDirectory is null ? null : Path.Combine(dataDirectory, Directory, KeyFile);
        if (file is not null && File.Exists(file))
        {
            return new BoundServiceAccountTokens(Convert.FromBase64String(File.ReadAllText(file).Trim()), store, time);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        if (file is not null)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = file + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(key) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temp, file, overwrite: true);
        }

        return new BoundServiceAccountTokens(key, store, time);
    }

    /// <summary>A token for the service account, valid until <paramref name="expires"/>.</summary>
    public string Issue(JsonObject serviceAccount, IReadOnlyList<string> audiences, DateTimeOffset issued, DateTimeOffset expires, BoundObject? bound)
    {
        var ns = (string?)serviceAccount["metadata"]?["namespace"] ?? string.Empty;
        var name = (string?)serviceAccount["metadata"]?["name"] ?? string.Empty;
        var kube = new JsonObject
        {
            ["namespace"] = ns,
            ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = (string?)serviceAccount["metadata"]?["uid"] ?? string.Empty },
        };
        if (bound is not null)
        {
            kube[bound.Kind.ToLowerInvariant()] = new JsonObject { ["name"] = bound.Name, ["uid"] = bound.Uid };
        }

        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kube,
            ["nbf"] = issued.ToUnixTimeSeconds(),
            ["sub"] = $"system:serviceaccount:{ns}:{name}",
        };
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var signed = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signed + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>The service account a valid token for one of <paramref name="audiences"/> (default: the API's) stands for; null otherwise.</summary>
    public UserInfo? Authenticate(string token, IReadOnlyCollection<string>? audiences = null)
    {
        var claims = VerifiedClaims(token);
        if (claims is null)
        {
            return null;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Long(claims["exp"]) is not { } exp || exp <= now || (Long(claims["nbf"]) is { } nbf && nbf > now + 60))
        {
            return null;
        }

        var accepted = audiences ?? ApiAudiences;
        var tokenAudiences = claims["aud"] is JsonArray list ? list.Select(a => (string?)a).OfType<string>().ToList() : [];
        if (!tokenAudiences.Any(accepted.Contains))
        {
            return null;
        }

        if (claims["kubernetes.io"] is not JsonObject kube
            || (string?)kube["namespace"] is not { Length: > 0 } ns
            || kube["serviceaccount"] is not JsonObject account
            || (string?)account["name"] is not { Length: > 0 } name)
        {
            return null;
        }

        if (!Alive(_store.GetObject("v1", "serviceaccounts", ns, name), (string?)account["uid"]))
        {
            return null;
        }

        foreach (var (kind, resource) in new[] { ("pod", "pods"), ("secret", "secrets"), ("node", "nodes") })
        {
            if (kube[kind] is JsonObject reference
                && !Alive(_store.GetObject("v1", resource, kind == "node" ? null : ns, (string?)reference["name"] ?? string.Empty), (string?)reference["uid"]))
            {
                return null;
            }
        }

        return new UserInfo($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", UserInfo.Authenticated]);
    }

    private static bool Alive(JsonObject? obj, string? uid) =>
        obj is not null
        && obj["metadata"]?["deletionTimestamp"] is null
        && (string.IsNullOrEmpty(uid) || string.Equals((string?)obj["metadata"]?["uid"], uid, StringComparison.Ordinal));

    private static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    private JsonObject? VerifiedClaims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2]))
                || JsonNode.Parse(FromBase64Url(parts[0])) is not JsonObject header
                || (string?)header["alg"] != "HS256")
            {
                return null;
            }

            return JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
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

/// <summary>The object a token is bound to (TokenRequest's <c>spec.boundObjectRef</c>).</summary>
internal sealed record BoundObject(string Kind, string Name, string Uid);
