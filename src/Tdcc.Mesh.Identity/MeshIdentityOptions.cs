using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Identity;

/// <summary>The options of mesh identity (the SDS source of Tdcc.Mesh.Identity.Sds starts from them): the CA (trust domain, lifetimes, hub Secret).</summary>
public sealed record MeshIdentityOptions
{
    public CertificateAuthorityOptions Authority { get; init; } = new();
}
