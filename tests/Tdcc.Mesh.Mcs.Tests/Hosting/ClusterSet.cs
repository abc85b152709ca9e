using System.Collections.Immutable;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Tests.Hosting;

/// <summary>A hub and members, each an in-process API server reached over HTTP, with the MCS hub and one agent per member.</summary>
internal sealed class ClusterSet : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    private ClusterSet(KubeApiServer hubServer, KubeClient hub, IMcsHub mcsHub)
    {
        HubServer = hubServer;
        Hub = hub;
        McsHub = mcsHub;
    }

    public KubeApiServer HubServer { get; }

    public KubeClient Hub { get; }

    public IMcsHub McsHub { get; }

    public Dictionary<string, Member> Members { get; } = new(StringComparer.Ordinal);

    public sealed record Member(string Id, KubeApiServer Server, KubeClient Client, IMcsAgent Agent);

    public static string HubNamespace(string id) => $"tdcc-cluster-{id}";

    public static async Task<ClusterSet> StartAsync(
        IEnumerable<string> memberIds,
        Func<string, McsAgentOptions, McsAgentOptions>? configure = null,
        Func<string, IClusterSetDnsServer?>? dns = null)
    {
        var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        var hub = new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress));
        var mcsHub = Mcs.Hosting.McsHub.Create(new McsHubOptions(), hub);
        var set = new ClusterSet(hubServer, hub, mcsHub);
        await mcsHub.StartAsync();
        foreach (var id in memberIds)
        {
            await hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = HubNamespace(id) } });
            var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = id });
            var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
            var options = new McsAgentOptions { ClusterId = id, HubNamespace = HubNamespace(id) };
            var agent = McsAgent.Create(configure?.Invoke(id, options) ?? options, client, hub, dns?.Invoke(id));
            await agent.StartAsync();
            set.Members[id] = new Member(id, server, client, agent);
        }

        return set;
    }

    public async Task CreateNamespaceEverywhereAsync(string name)
    {
        foreach (var member in Members.Values)
        {
            await member.Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members.Values)
        {
            await member.Agent.DisposeAsync();
        }

        await McsHub.DisposeAsync();
        foreach (var member in Members.Values)
        {
            member.Client.Dispose();
            await member.Server.DisposeAsync();
        }

        Hub.Dispose();
        await HubServer.DisposeAsync();
        foreach (var item in owned)
        {
            await item.DisposeAsync();
        }
    }

    public static Service ServiceOf(string ns, string name, params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new ServiceSpec
        {
            Type = "ClusterIP",
            Selector = ImmutableDictionary<string, string>.Empty.Add("app", name),
            Ports = ports.Length == 0 ? [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] : [.. ports],
        },
    };

    public static EndpointSlice SliceOf(string ns, string service, string name, params Endpoint[] endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = ns,
            Name = name,
            Labels = ImmutableDictionary<string, string>.Empty
                .Add(McsLabels.KubernetesServiceName, service)
                .Add(McsLabels.ManagedBy, "endpointslice-controller.k8s.io"),
        },
        AddressType = "IPv4",
        Endpoints = [.. endpoints],
        Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    public static Endpoint EndpointAt(string address, bool ready = true, string? hostname = null) => new()
    {
        Addresses = [address],
        Hostname = hostname,
        Conditions = new EndpointConditions { Ready = ready, Serving = ready, Terminating = false },
    };

    public static ServiceExport ExportOf(string ns, string name) => new() { Metadata = new ObjectMeta { Namespace = ns, Name = name } };
}
