using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Bootstrap;

/// <summary>
/// The bootstrap's <c>node</c>: <see cref="Cluster"/> picks the member cluster's snapshot, <see cref="Metadata"/>
/// carries <c>TDCC_ROLE</c> for gateways (<see cref="NodeRoles"/>).
/// </summary>
public sealed record XdsBootstrapNode
{
    public required string Id { get; init; }

    public required string Cluster { get; init; }

    /// <summary>Always written: grpc-js refuses a node without a locality.</summary>
    public XdsBootstrapLocality Locality { get; init; } = new(null, null);

    /// <summary>Free-form node metadata; null writes none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A node of <paramref name="cluster"/> in <paramref name="locality"/>; a non-null <paramref name="role"/> goes to <c>metadata.TDCC_ROLE</c>.</summary>
    public static XdsBootstrapNode Create(string id, string cluster, XdsBootstrapLocality locality, string? role = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentNullException.ThrowIfNull(locality);
        return new XdsBootstrapNode
        {
            Id = id,
            Cluster = cluster,
            Locality = locality,
            Metadata = string.IsNullOrEmpty(role) ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [NodeRoles.MetadataKey] = role },
        };
    }
}
