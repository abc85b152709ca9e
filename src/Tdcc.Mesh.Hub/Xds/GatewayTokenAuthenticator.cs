using System.Security.Cryptography;
using System.Text;
using Envoy.Config.Core.V3;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;
using Secret = Tdcc.Mesh.Kube.Model.Secret;

namespace Tdcc.Mesh.Hub.Xds;

/// <summary>
/// The xDS channel to gateways is authenticated: a node that claims a gateway role (<see cref="NodeRoles.Gateways"/>)
/// for cluster <c>X</c> must send <c>authorization: Bearer &lt;token&gt;</c> with cluster <c>X</c>'s hub token, the
/// agent ServiceAccount token the hub issued when <c>X</c> joined (Secret <see cref="ClustersApi.AgentTokenSecret"/> in
/// <c>X</c>'s hub namespace, the credential its agent and gateway already hold), compared in constant time. No token:
/// UNAUTHENTICATED; another cluster's token, or a cluster that is not (or no longer) a member: PERMISSION_DENIED; each
/// refusal is logged with the node. Other nodes (proxyless clients, sidecars, istiod) are served as before: their views
/// carry no secret (see docs/xds.md "Authentication").
/// </summary>
internal sealed partial class GatewayTokenAuthenticator(IKubeClient hub, ILogger<GatewayTokenAuthenticator> logger) : IXdsStreamAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<XdsStreamRejection?> AuthenticateAsync(Node node, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var role = NodeRoles.Of(node);
        if (role is null || !NodeRoles.Gateways.Contains(role))
        {
            return null;
        }

        var cluster = NodeRoles.ClusterOf(node);
        var authorization = headers.Authorization.ToString();
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || authorization.Length == BearerPrefix.Length)
        {
            return XdsStreamRejection.Unauthenticated($"a {role} node must present its cluster's hub token (authorization: Bearer <token>); node {node.Id} of cluster {cluster} presented none");
        }

        Secret? secret;
        try
        {
            secret = await hub.Resource<Secret>().GetAsync(ClustersApi.ClusterNamespace(cluster), ClustersApi.AgentTokenSecret, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e)
        {
            LogLookupFailed(logger, cluster, e.Message);
            return new XdsStreamRejection(Grpc.Status.StatusCode.Unavailable, $"the hub could not read cluster {cluster}'s credentials: {e.Message}");
        }

        var expected = secret is null ? null : secret.DecodedValue("token");
        if (string.IsNullOrEmpty(expected))
        {
            return XdsStreamRejection.PermissionDenied($"cluster {cluster} is not a member of the clusterset (no hub token issued to it): node {node.Id} is not served as its {role}");
        }

        var presented = Encoding.UTF8.GetBytes(authorization[BearerPrefix.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(expected))
            ? null
            : XdsStreamRejection.PermissionDenied($"the token presented by node {node.Id} is not cluster {cluster}'s hub token: it is not served as that cluster's {role}");
    }

    [LoggerMessage(EventId = 8230, Level = LogLevel.Warning, Message = "Could not read the hub token of cluster {Cluster} to authenticate its gateway: {Reason}")]
    private static partial void LogLookupFailed(ILogger logger, string cluster, string reason);
}
