namespace Tdcc.Mesh.Distribution.Api;

/// <summary>The cluster topology a subscription can select on (<c>fieldSelector</c>) and spread over (<c>spreadConstraints</c>).</summary>
public static class TopologyKeys
{
    /// <summary>The cluster's region: its <see cref="RegionLabel"/> label.</summary>
    public const string Region = "region";

    /// <summary>The cluster's zone: its <see cref="ZoneLabel"/> label.</summary>
    public const string Zone = "zone";

    /// <summary>The ManagedCluster label holding the region (the well-known node label, reused for clusters).</summary>
    public const string RegionLabel = "topology.kubernetes.io/region";

    /// <summary>The ManagedCluster label holding the zone.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";
}
