using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Aggregation;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Import;

/// <summary>Pure mapping from a hub slice copy to the EndpointSlice a member imports.</summary>
internal static class ImportedSlices
{
    /// <summary>
    /// The member's slice for one hub slice: one source cluster per slice, the MCS labels plus
    /// <c>kubernetes.io/service-name=&lt;derived&gt;</c>, managed by tdcc-mesh. In gateway mode the endpoints of
    /// another cluster become one endpoint at the local east-west gateway (ready when any was ready), and each TCP port
    /// the listen port the hub allocated to its service port (<see cref="McsLabels.GatewayPortsAnnotation"/> on
    /// <paramref name="hubImport"/>; the slice port is the service port of the same name, or the only one); other
    /// protocols are left out (the gateway carries TCP only). While a TCP port has no listen port yet the slice has no
    /// endpoints (the annotation's arrival, an update of the hub import, reconciles again). The own cluster's slices
    /// keep the pod addresses.
    /// </summary>
    public static EndpointSlice ToMember(McsAgentOptions options, string @namespace, string name, EndpointSlice hubSlice, ServiceImport? hubImport = null)
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

        var listenPorts = GatewayPorts.Parse(hubImport?.Metadata.Annotations?.GetValueOrDefault(McsLabels.GatewayPortsAnnotation));
        var servicePorts = hubImport?.Spec?.Ports ?? [];
        var tcp = (hubSlice.Ports ?? []).Where(p => p.Protocol is null || string.Equals(p.Protocol, "TCP", StringComparison.OrdinalIgnoreCase)).ToList();
        var mapped = new List<EndpointPort>();
        foreach (var port in tcp)
        {
            if (ServicePortOf(port, servicePorts) is { } servicePort && listenPorts.TryGetValue(servicePort.Port, out var listen))
            {
                mapped.Add(port with { Port = listen });
            }
        }

        var complete = mapped.Count == tcp.Count && tcp.Count > 0;
        var gateway = IPAddress.Parse(options.GatewayAddress!);
        var ready = hubSlice.Endpoints.Any(e => e.Conditions?.Ready != false);
        return slice with
        {
            AddressType = gateway.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
            Endpoints = hubSlice.Endpoints.IsEmpty || !complete
                ? []
                : [new Endpoint { Addresses = [gateway.ToString()], Conditions = new EndpointConditions { Ready = ready, Serving = ready, Terminating = false } }],
            Ports = complete ? [.. mapped] : [.. tcp],
        };
    }

    /// <summary>The service port an endpoint port serves: the one of the same name, else the only one.</summary>
    private static ServiceImportPort? ServicePortOf(EndpointPort port, IReadOnlyList<ServiceImportPort> servicePorts) =>
        servicePorts.FirstOrDefault(p => string.Equals(p.Name ?? string.Empty, port.Name ?? string.Empty, StringComparison.Ordinal))
        ?? (servicePorts.Count == 1 ? servicePorts[0] : null);
}
