using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>Turns a bearer token into a <see cref="UserInfo"/>: the static admin token, service-account tokens, bootstrap tokens.</summary>
internal sealed class TokenAuthenticator
{
    public const string BootstrapSecretPrefix = "bootstrap-token-";
    public const string BootstrapSecretType = "bootstrap.kubernetes.io/token";
    public const string Bootstrappers = "system:bootstrappers";

    private readonly IApiStore _store;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly BoundServiceAccountTokens? _bound;

    public TokenAuthenticator(IApiStore store, AuthOptions options, TimeProvider time, BoundServiceAccountTokens? bound = null)
    {
        _store = store;
        _options = options;
        _time = time;
        _bound = bound;
    }

    /// <summary>The identity of <paramref name="token"/>, or null when the token is not valid.</summary>
    public UserInfo? Authenticate(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        if (_options.AdminToken is { Length: > 0 } admin && FixedTimeEquals(admin, token))
        {
            return new UserInfo(_options.AdminUser, [UserInfo.Masters, UserInfo.Authenticated]);
        }

        return ServiceAccount(token) ?? _bound?.Authenticate(token) ?? (_options.EnableBootstrapTokens ? Bootstrap(token) : null);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string? DataString(JsonObject secret, string key)
    {
        if (secret["data"]?[key] is not JsonValue value || !value.TryGetValue<string>(out var encoded))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private UserInfo? ServiceAccount(string token)
    {
        if (ServiceAccountTokens.ClaimedSecret(token) is not var (ns, secretName))
        {
            return null;
        }

        var secret = _store.GetObject("v1", "secrets", ns, secretName);
        if (secret is null
            || (string?)secret["type"] != ServiceAccountTokens.SecretType
            || secret["metadata"]?["deletionTimestamp"] is not null
            || DataString(secret, "token") is not { } stored
            || !FixedTimeEquals(stored, token)
            || (string?)secret["metadata"]?["annotations"]?[ServiceAccountTokens.NameAnnotation] is not { Length: > 0 } serviceAccount)
        {
            return null;
        }

        var account = _store.GetObject("v1", "serviceaccounts", ns, serviceAccount);
        if (account is null || account["metadata"]?["deletionTimestamp"] is not null)
        {
            return null;
        }

        return new UserInfo($"system:serviceaccount:{ns}:{serviceAccount}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", UserInfo.Authenticated]);
    }

    private UserInfo? Bootstrap(string token)
    {
        // <id>.<secret>: [a-z0-9]{6}.[a-z0-9]{16}
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot != 6 || token.Length != 23)
        {
            return null;
        }

        var id = token[..6];
        var secretPart = token[7..];
        var secret = _store.GetObject("v1", "secrets", "kube-system", BootstrapSecretPrefix + id);
        if (secret is null
            || (string?)secret["type"] != BootstrapSecretType
            || secret["metadata"]?["deletionTimestamp"] is not null
            || DataString(secret, "token-id") != id
            || DataString(secret, "token-secret") is not { } expected
            || !FixedTimeEquals(expected, secretPart)
            || DataString(secret, "usage-bootstrap-authentication") != "true")
        {
            return null;
        }

        if (DataString(secret, "expiration") is { } expiration
            && (!DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires) || expires <= _time.GetUtcNow()))
        {
            return null;
        }

        var groups = ImmutableArray.CreateBuilder<string>();
        groups.Add(Bootstrappers);
        foreach (var extra in (DataString(secret, "auth-extra-groups") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (extra.StartsWith("system:bootstrappers:", StringComparison.Ordinal))
            {
                groups.Add(extra);
            }
        }

        groups.Add(UserInfo.Authenticated);
        return new UserInfo("system:bootstrap:" + id, groups.ToImmutable());
    }
}
