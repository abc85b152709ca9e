using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Gateways;

namespace Tdcc.Mesh.Identity;

/// <summary>The options of mesh identity (the SDS source of Tdcc.Mesh.Identity.Sds starts from them): the CA (trust domain, lifetimes, hub Secret) and the gateway certificates.</summary>
public sealed record MeshIdentityOptions
{
    public CertificateAuthorityOptions Authority { get; init; } = new();

    public GatewayCertificateOptions Gateways { get; init; } = new();
}
