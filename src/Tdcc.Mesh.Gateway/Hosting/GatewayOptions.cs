namespace Tdcc.Mesh.Gateway.Hosting;

/// <summary>What <c>tdcc gateway</c> takes beyond the common process options (docs/gateway.md "Running it"). Plain data.</summary>
public sealed record GatewayOptions
{
    /// <summary>The member's name on the hub: the gateway's identity is this cluster's.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The hub API server's URL (certificate signing requests, the trust bundle).</summary>
    public required string HubServer { get; init; }

    /// <summary>A PEM file with the CA of the hub API server (https); null: the system's roots.</summary>
    public string? HubCaFile { get; init; }

    /// <summary>The CA of the hub API server as PEM text (<c>--hub-ca</c>, <c>TDCC_HUB_CA</c>, e.g. from a ConfigMap key); wins over <see cref="HubCaFile"/>.</summary>
    public string? HubCa { get; init; }

    /// <summary>The hub's xDS server (ADS over h2c), <c>http://host:port</c>.</summary>
    public required string XdsServer { get; init; }

    /// <summary>Where the tunnel port listens, <c>host:port</c>.</summary>
    public string TunnelAddress { get; init; } = "0.0.0.0:15443";

    /// <summary>The address the outbound listener ports (one per imported service port) bind.</summary>
    public string OutboundAddress { get; init; } = "0.0.0.0";

    /// <summary>The clusterset's SPIFFE trust domain.</summary>
    public string TrustDomain { get; init; } = "clusterset.local";

    /// <summary>The member's region and zone, for the xDS node locality; null: unknown.</summary>
    public string? Region { get; init; }

    /// <summary>The member's zone.</summary>
    public string? Zone { get; init; }

    /// <summary>Where the agent stored the member's hub credentials (namespace of Secret <c>tdcc-hub-credentials</c>); null: the process's own namespace.</summary>
    public string? CredentialsNamespace { get; init; }

    /// <summary>
    /// Ingress mode (docs/ingress.md): the gateway also runs the Gateway API controller against its own member's API
    /// server and serves the listeners of the Gateways of class <c>tdcc.io/gateway-controller</c>.
    /// </summary>
    public bool Ingress { get; init; }

    /// <summary>The address the ingress listener ports bind.</summary>
    public string IngressAddress { get; init; } = "0.0.0.0";

    /// <summary>The addresses written into the Gateways' <c>status.addresses</c>; empty: <see cref="IngressAddress"/> when it is a specific address, else none.</summary>
    public IReadOnlyList<string> IngressStatusAddresses { get; init; } = [];

    /// <summary>Install the Gateway API CRDs into the member before watching (the chart installs them otherwise).</summary>
    public bool IngressInstallCrds { get; init; }

    /// <summary>Behind NAT: dial a reverse tunnel to every peer gateway with an address and serve its traffic on it (docs/gateway.md "Reverse tunnels").</summary>
    public bool ReverseTunnel { get; init; }
}
