namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>How a gateway obtains its certificate from the hub by certificate signing request.</summary>
public sealed record CsrCredentialSourceOptions
{
    /// <summary>The gateway's member cluster: its SPIFFE ID is <c>spiffe://&lt;trust domain&gt;/cluster/&lt;cluster&gt;/gateway</c>.</summary>
    public required string Cluster { get; init; }

    /// <summary>The SPIFFE trust domain of the clusterset (the hub CA's).</summary>
    public string TrustDomain { get; init; } = "clusterset.local";

    /// <summary>The hub namespace of the trust bundle ConfigMap (the CA Secret's namespace).</summary>
    public string TrustBundleNamespace { get; init; } = "tdcc-mesh-system";

    /// <summary>The trust bundle ConfigMap the hub publishes (key <c>ca.crt</c>).</summary>
    public string TrustBundleName { get; init; } = Clusters.Model.ClustersApi.TrustBundleConfigMap;

    /// <summary>The lifetime asked for (<c>spec.expirationSeconds</c>, at least 600 s); null: the hub's bound.</summary>
    public TimeSpan? RequestedLifetime { get; init; }

    /// <summary>A new certificate is requested once this fraction of the current one's validity has passed: 2/3.</summary>
    public double RenewAfterFraction { get; init; } = 2.0 / 3.0;

    /// <summary>How long one request may wait for the hub's answer.</summary>
    public TimeSpan IssueTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The first wait after a failure; doubled on each further failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);
}
