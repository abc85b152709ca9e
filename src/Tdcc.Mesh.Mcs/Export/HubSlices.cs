using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Export;

/// <summary>Pure mapping from a member's EndpointSlice to its copy on the hub.</summary>
internal static class HubSlices
{
    /// <summary>The hub copy: the same endpoints (addresses, conditions, hostnames, zones) and ports, labelled with the service and source cluster.</summary>
    public static EndpointSlice ToHub(string clusterId, string hubNamespace, string @namespace, string name, EndpointSlice slice) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = hubNamespace,
            Name = McsNames.HubSlice(@namespace, name, slice.Metadata.Name ?? string.Empty),
            Labels = Labels(clusterId, @namespace, name),
        },
        AddressType = slice.AddressType,
        Endpoints = slice.Endpoints.Select(e => new Endpoint
        {
            Addresses = e.Addresses,
            Conditions = e.Conditions is null ? null : new EndpointConditions { Ready = e.Conditions.Ready, Serving = e.Conditions.Serving, Terminating = e.Conditions.Terminating },
            Hostname = e.Hostname,
            Zone = e.Zone,
        }).ToImmutableArray(),
        Ports = slice.Ports,
    };

    /// <summary>Labels of hub objects of one cluster's export.</summary>
    public static ImmutableDictionary<string, string> Labels(string clusterId, string @namespace, string name) =>
        ImmutableDictionary<string, string>.Empty
            .Add(McsLabels.SourceCluster, clusterId)
            .Add(McsLabels.ServiceNamespace, @namespace)
            .Add(McsLabels.ServiceName, name)
            .Add(McsLabels.ManagedBy, McsLabels.ManagedByValue);
}
