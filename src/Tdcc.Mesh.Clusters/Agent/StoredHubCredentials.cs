using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// The hub credentials a joined agent keeps in its member (Secret <c>tdcc-system/tdcc-hub-credentials</c>): what other
/// processes of the member (the gateway) read to talk to the hub as that member, instead of joining themselves.
/// </summary>
/// <param name="Token">The member's hub bearer token.</param>
/// <param name="HubNamespace">The member's namespace on the hub.</param>
/// <param name="ClusterSetName">The clusterset's name.</param>
/// <param name="Cluster">The member's name on the hub.</param>
/// <param name="Server">The hub API server the token is for.</param>
public sealed record StoredHubCredentials(string Token, string HubNamespace, string ClusterSetName, string Cluster, string Server)
{
    /// <summary>The Secret's default namespace.</summary>
    public const string DefaultNamespace = "tdcc-system";

    /// <summary>The Secret's default name.</summary>
    public const string DefaultName = "tdcc-hub-credentials";

    /// <summary>The stored credentials, or null while the member has not joined (no Secret, or one without a token).</summary>
    public static async Task<StoredHubCredentials?> ReadAsync(IKubeClient member, string @namespace = DefaultNamespace, string name = DefaultName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var secret = await member.Resource<Secret>().GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        return secret is not null
            && KubeWrites.SecretValue(secret, "token") is { Length: > 0 } token
            && KubeWrites.SecretValue(secret, "namespace") is { Length: > 0 } hubNamespace
                ? new StoredHubCredentials(
                    token,
                    hubNamespace,
                    KubeWrites.SecretValue(secret, "clusterset") ?? string.Empty,
                    KubeWrites.SecretValue(secret, "cluster") ?? string.Empty,
                    KubeWrites.SecretValue(secret, "server") ?? string.Empty)
                : null;
    }
}
