using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>One running cluster of the sandbox: its API server, and for members nodes, a kubelet and controllers.</summary>
public interface ISimulatedCluster : IAsyncDisposable
{
    string Name { get; }

    ClusterRole Role { get; }

    AddressPlan Addresses { get; }

    /// <summary>
    /// The API server's address clients use, e.g. <c>https://127.0.0.1:41234/</c> (<c>http://</c> only in a sandbox started with
    /// <c>--plain-http</c>); connect with <see cref="ClientOptions"/>, which carry the CA and the admin's token.
    /// </summary>
    Uri ApiServer { get; }

    /// <summary>Options of an administrator's client of the API server: <see cref="ApiServer"/>, the cluster's CA and the admin token (when authentication is on).</summary>
    Kube.Config.KubeClientOptions ClientOptions { get; }

    /// <summary>The API server's secure listener (HTTPS, certificate signed by <see cref="CertificateAuthorityPem"/>), e.g. <c>https://127.0.0.1:41235/</c>.</summary>
    Uri? SecureApiServer { get; }

    /// <summary>The cluster's CA certificate (PEM): what pods find in their service account's <c>ca.crt</c>.</summary>
    string? CertificateAuthorityPem { get; }

    /// <summary>The network its pods, ClusterIPs and DNS server live in (the member's namespace, or the host's network).</summary>
    Networking.IClusterNetwork Network { get; }

    /// <summary>A client of the cluster's API server.</summary>
    IKubeClient Client { get; }

    /// <summary>Stops the controllers and workloads, then the API server (state is flushed to the data directory).</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
