using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>Bootstrap tokens (<c>&lt;id&gt;.&lt;secret&gt;</c>) stored as kube-system Secrets <c>bootstrap-token-&lt;id&gt;</c>, as kubeadm makes them.</summary>
public static class BootstrapTokens
{
    /// <summary>The group every bootstrap token authenticates into.</summary>
    public const string Group = "system:bootstrappers";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Creates a new bootstrap token valid for <paramref name="ttl"/> (null: no expiry) and returns it.</summary>
    public static async Task<string> CreateAsync(IKubeClient hub, TimeSpan? ttl, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        var id = RandomNumberGenerator.GetString(Alphabet, 6);
        var secret = RandomNumberGenerator.GetString(Alphabet, 16);
        var data = ImmutableDictionary<string, string>.Empty
            .Add("token-id", KubeWrites.Encode(id))
            .Add("token-secret", KubeWrites.Encode(secret))
            .Add("usage-bootstrap-authentication", KubeWrites.Encode("true"))
            .Add("description", KubeWrites.Encode("tdcc cluster join"));
        if (ttl is { } lifetime)
        {
            data = data.Add("expiration", KubeWrites.Encode(time.GetUtcNow().Add(lifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }

        await hub.Resource<Secret>().CreateAsync(
            new Secret { Metadata = new ObjectMeta { Name = "bootstrap-token-" + id, Namespace = "kube-system" }, Type = "bootstrap.kubernetes.io/token", Data = data },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return $"{id}.{secret}";
    }

    /// <summary>The token id of a bootstrap user name (<c>system:bootstrap:&lt;id&gt;</c>), or null.</summary>
    public static string? TokenIdOf(string? user) =>
        user is not null && user.StartsWith("system:bootstrap:", StringComparison.Ordinal) && user.Length == "system:bootstrap:".Length + 6
            ? user["system:bootstrap:".Length..]
            : null;

    /// <summary>True when the token with <paramref name="tokenId"/> exists, may authenticate, and has not expired.</summary>
    public static async Task<bool> IsValidAsync(IKubeClient hub, string tokenId, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        var secret = await hub.Resource<Secret>().GetAsync("kube-system", "bootstrap-token-" + tokenId, cancellationToken).ConfigureAwait(false);
        if (secret is null || secret.Type != "bootstrap.kubernetes.io/token" || KubeWrites.SecretValue(secret, "usage-bootstrap-authentication") != "true")
        {
            return false;
        }

        var expiration = KubeWrites.SecretValue(secret, "expiration");
        return expiration is null
            || (DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires) && expires > time.GetUtcNow());
    }
}
