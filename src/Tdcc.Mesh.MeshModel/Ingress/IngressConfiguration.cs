using System.Collections.Immutable;

namespace Tdcc.Mesh.MeshModel.Ingress;

/// <summary>
/// What an ingress gateway serves (docs/ingress.md): the listeners of every accepted Gateway of our GatewayClass in one
/// cluster, with the routes attached to them, resolved and ordered by the Gateway API's precedence. The control plane
/// (<c>Tdcc.Mesh.GatewayApi/Ingress</c>) builds it from the cluster's objects; the gateway's data path
/// (<c>Tdcc.Mesh.Gateway/Ingress</c>) serves it. Plain data.
/// </summary>
public sealed record IngressConfiguration
{
    /// <summary>Changes whenever anything in it changes (for logs and status).</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>The listeners, several per port when their hostnames differ.</summary>
    public ImmutableArray<IngressListener> Listeners { get; init; } = [];
}
