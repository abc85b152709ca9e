using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Bench.Workload;

/// <summary>
/// One exported service of the workload: a headless Service in its source member, one EndpointSlice written directly
/// (no endpoint controller), and its ServiceExport. Headless, so its clusterset.local A records are the ready
/// endpoints and an endpoint change shows in DNS.
/// </summary>
internal sealed record BenchService(string Namespace, string Name, int SourceMember, ImmutableArray<string> Addresses)
{
    public string SliceName => Name + "-bench";

    /// <summary>The address whose ready condition the benchmark flips.</summary>
    public string Flipped => Addresses[0];

    /// <summary>The name the clusterset DNS answers for.</summary>
    public string DnsName => $"{Name}.{Namespace}.svc.clusterset.local";

    public Service Service() => new()
    {
        Metadata = new ObjectMeta { Namespace = Namespace, Name = Name },
        Spec = new ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = "None",
            Selector = ImmutableDictionary<string, string>.Empty.Add("app", Name),
            Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }],
        },
    };

    /// <summary>The member's slice with the flipped endpoint ready or not; every other endpoint is ready.</summary>
    public EndpointSlice Slice(bool flippedReady) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = Namespace,
            Name = SliceName,
            Labels = ImmutableDictionary<string, string>.Empty
                .Add(McsLabels.KubernetesServiceName, Name)
                .Add(McsLabels.ManagedBy, "endpointslice-controller.k8s.io"),
        },
        AddressType = "IPv4",
        Endpoints = [.. Addresses.Select((address, i) => Endpoint(address, i > 0 || flippedReady))],
        Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    public ServiceExport Export() => new() { Metadata = new ObjectMeta { Namespace = Namespace, Name = Name } };

    private static Endpoint Endpoint(string address, bool ready) => new()
    {
        Addresses = [address],
        Conditions = new EndpointConditions { Ready = ready, Serving = ready, Terminating = false },
    };
}
