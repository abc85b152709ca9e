using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Import;

/// <summary>Pure mapping from a hub slice copy to the EndpointSlice a member imports.</summary>
internal static class ImportedSlices
{
    /// <summary>
    /// The member's slice for one hub slice: one source cluster per slice, the MCS labels plus
    /// <c>kubernetes.io/service-name=&lt;derived&gt;</c>, managed by tdcc-mesh. In gateway mode the endpoints of
    /// another cluster become one endpoint at the gateway (ready when any was ready) and every port the gateway port.
    /// </summary>
    public static EndpointSlice ToMember(McsAgentOptions options, string @namespace, string name, EndpointSlice hubSlice)
    {
        var source = hubSlice.Metadata.Labels?.GetValueOrDefault(McsLabels.SourceCluster) ?? string.Empty;
        var labels = ImmutableDictionary<string, string>.Empty
            .Add(McsLabels.ServiceName, name)
            .Add(McsLabels.SourceCluster, source)
            .Add(McsLabels.KubernetesServiceName, McsNames.DerivedService(@namespace, name))
            .Add(McsLabels.ManagedBy, McsLabels.ManagedByValue);
        var slice = new EndpointSlice
        {
            Metadata = new ObjectMeta
            {
                Namespace = @namespace,
                Name = McsNames.ImportedSlice(@namespace, name, source, hubSlice.Metadata.Name ?? string.Empty),
                Labels = labels,
            },
            AddressType = hubSlice.AddressType,
            Endpoints = hubSlice.Endpoints,
            Ports = hubSlice.Ports,
        };
        if (options.AddressingMode == EndpointAddressingMode.Flat || string.Equals(source, options.ClusterId, StringComparison.Ordinal))
        {
            return slice;
        }

        var gateway = IPAddress.Parse(options.GatewayAddress!);
        var ready = hubSlice.Endpoints.Any(e => e.Conditions?.Ready != false);
        return slice with
        {
            AddressType = gateway.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
            Endpoints = hubSlice.Endpoints.IsEmpty
                ? []
                : [new Endpoint { Addresses = [gateway.ToString()], Conditions = new EndpointConditions { Ready = ready, Serving = ready, Terminating = false } }],
            Ports = hubSlice.Ports?.Select(p => p with { Port = options.GatewayPort }).ToImmutableArray(),
        };
    }
}
