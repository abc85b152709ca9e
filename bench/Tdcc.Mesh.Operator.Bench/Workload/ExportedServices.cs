using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Operator.Bench.Workload;

/// <summary>
/// The exported services: service <c>i</c> is a ClusterIP Service <c>svc-i</c> in the exporting member, one
/// EndpointSlice written directly (no endpoint controller) with a few ready endpoints, and its ServiceExport.
/// </summary>
internal static class ExportedServices
{
    public static string Name(int index) => "svc-" + index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Creates services <paramref name="first"/> .. first+count-1 with <paramref name="concurrency"/> in flight.</summary>
    public static async Task CreateAsync(IKubeClient member, string ns, int first, int count, int endpoints, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        await Parallel.ForEachAsync(
            Enumerable.Range(first, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var name = Name(i);
                await member.Resource<Service>().CreateAsync(Service(ns, name), cancellationToken: token);
                await member.Resource<EndpointSlice>().CreateAsync(Slice(ns, name, i, endpoints), cancellationToken: token);
                await member.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = ns, Name = name } }, cancellationToken: token);
            });
    }

    /// <summary>How many ServiceImports the member has whose spec carries clusterset IPs, and whether <paramref name="name"/> is one.</summary>
    public static async Task<(int Count, bool Has)> ImportedAsync(IKubeClient member, string ns, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var imports = await member.Resource<ServiceImport>().ListAllAsync(new ListOptions { Namespace = ns }, cancellationToken: cancellationToken);
        var withIps = imports.Items.Where(i => i.Spec?.Ips is { IsDefaultOrEmpty: false }).ToList();
        return (withIps.Count, name is not null && withIps.Any(i => i.Metadata.Name == name));
    }

    private static Service Service(string ns, string name) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new ServiceSpec
        {
            Type = "ClusterIP",
            Selector = ImmutableDictionary<string, string>.Empty.Add("app", name),
            Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }],
        },
    };

    private static EndpointSlice Slice(string ns, string name, int index, int endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = ns,
            Name = name + "-bench",
            Labels = ImmutableDictionary<string, string>.Empty
                .Add(McsLabels.KubernetesServiceName, name)
                .Add(McsLabels.ManagedBy, "endpointslice-controller.k8s.io"),
        },
        AddressType = "IPv4",
        Endpoints = [.. Enumerable.Range(0, endpoints).Select(e => Endpoint(Address((index * endpoints) + e)))],
        Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    private static Endpoint Endpoint(string address) => new()
    {
        Addresses = [address],
        Conditions = new EndpointConditions { Ready = true, Serving = true, Terminating = false },
    };

    private static string Address(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{1 + (index / 65_536)}.{index / 256 % 256}.{index % 256}");
}
