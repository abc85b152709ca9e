namespace Tdcc.Mesh.Xds.Server;

/// <summary>The gRPC method paths of the aggregated discovery service.</summary>
public static class XdsMethods
{
    public const string AggregatedDiscoveryService = "envoy.service.discovery.v3.AggregatedDiscoveryService";
    public const string StreamAggregatedResources = "/" + AggregatedDiscoveryService + "/StreamAggregatedResources";
    public const string DeltaAggregatedResources = "/" + AggregatedDiscoveryService + "/DeltaAggregatedResources";
}
