using System.Diagnostics;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Metrics;

/// <summary>
/// The Istio labels shared by the request and TCP metrics of one request or connection. <paramref name="Host"/>
/// overrides <c>destination_service</c> (the ingress's own-cluster Services are <c>name.ns.svc.cluster.local</c>); by
/// default it is the clusterset name.
/// </summary>
internal readonly record struct TrafficLabels(string Reporter, string SourceCluster, string DestinationCluster, ServiceKey Service, bool MutualTls, string? Host = null)
{
    public TagList ToTags()
    {
        var host = Host ?? Service.Name + "." + Service.Namespace + ServiceKey.DomainSuffix;
        return new TagList
        {
            { "reporter", Reporter },
            { "source_cluster", SourceCluster },
            { "destination_cluster", DestinationCluster },
            { "destination_service", host },
            { "destination_service_name", Service.Name },
            { "destination_service_namespace", Service.Namespace },
            { "connection_security_policy", MutualTls ? "mutual_tls" : "none" },
        };
    }
}
