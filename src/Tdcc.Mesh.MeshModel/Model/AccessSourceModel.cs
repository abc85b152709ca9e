namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// Where a request comes from. The lists are alternatives (any entry matches); the kinds given must all match.
/// Empty or null lists match anything.
/// </summary>
/// <param name="Clusters">Source member clusters: the cluster the tunnel's mutual-TLS peer certificate names.</param>
/// <param name="Namespaces">Source namespaces, as the sending gateway attests them (<c>x-tdcc-source-namespace</c>).</param>
/// <param name="Identities">Source identities (<c>&lt;namespace&gt;/&lt;service account&gt;</c>), as the sending gateway attests them (<c>x-tdcc-source-workload</c>).</param>
public sealed record AccessSourceModel(
    IReadOnlyList<string>? Clusters = null,
    IReadOnlyList<string>? Namespaces = null,
    IReadOnlyList<string>? Identities = null);
