using Tdcc.Mesh.Clusters.Hub;

namespace Tdcc.Mesh.Hub;

/// <summary>What <c>tdcc hub</c> takes beyond the common process options (docs/operator.md). Plain data.</summary>
public sealed record HubOptions
{
    /// <summary>Where the xDS server (ADS over h2c) listens, <c>host:port</c>.</summary>
    public string XdsAddress { get; init; } = "0.0.0.0:15010";

    /// <summary>The clusterset members join.</summary>
    public string ClusterSetName { get; init; } = "tdcc";

    public ApprovalMode Approval { get; init; } = ApprovalMode.Automatic;

    /// <summary>A member whose Lease was not renewed for this long is Offline.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Offline this much longer: the member is Withdrawn and its exports withdrawn.</summary>
    public TimeSpan WithdrawGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The hub API server's URL as push-mode agents (run in the hub process) reach it; null: the URL the hub process itself uses.</summary>
    public string? AdvertisedServer { get; init; }

    /// <summary>
    /// Which xDS nodes must authenticate: <see cref="XdsAuthenticationMode.Gateways"/> (default) makes every gateway node
    /// present its cluster's hub token; <see cref="XdsAuthenticationMode.None"/> serves every node (tests, trusted networks).
    /// </summary>
    public XdsAuthenticationMode XdsAuthentication { get; init; } = XdsAuthenticationMode.Gateways;

    /// <summary>How long the xDS server waits for a burst of changes to settle before it publishes (at most <see cref="XdsMaxDelay"/>).</summary>
    public TimeSpan XdsQuietPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan XdsMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The helm executable that renders Helm chart feeds (<c>--helm-path</c>; a path, or a name looked up on PATH).</summary>
    public string HelmPath { get; init; } = "helm";

    /// <summary>Talk plain HTTP (no TLS) to OCI chart registries (<c>--helm-oci-plain-http</c>).</summary>
    public bool HelmOciPlainHttp { get; init; }
}
