namespace Tdcc.Mesh.Kube.Config;

/// <summary>A <c>clusters[].cluster</c> entry. File paths are absolute, resolved against <see cref="Origin"/>'s folder.</summary>
public sealed record KubeconfigCluster
{
    public string? Server { get; init; }
    public string? CertificateAuthority { get; init; }
    public string? CertificateAuthorityData { get; init; }
    public bool InsecureSkipTlsVerify { get; init; }
    public string? TlsServerName { get; init; }
    public string? ProxyUrl { get; init; }

    /// <summary>The file that defined the entry.</summary>
    public string? Origin { get; init; }
}
