using System.Globalization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Bench.Setup;

/// <summary>
/// A hub and members in this process, each an in-process API server reached over HTTP on loopback: McsHub on the hub,
/// and per member an McsAgent (Flat addressing) and a ClusterSetDnsServer on a free UDP/TCP port.
/// </summary>
internal sealed class BenchClusterSet : IAsyncDisposable
{
    private BenchClusterSet(KubeApiServer hubServer, KubeClient hub, IMcsHub mcsHub)
    {
        HubServer = hubServer;
        Hub = hub;
        McsHub = mcsHub;
    }

    public KubeApiServer HubServer { get; }

    public KubeClient Hub { get; }

    public IMcsHub McsHub { get; }

    public List<BenchMember> Members { get; } = [];

    public static string MemberId(int index) => "member-" + index.ToString(CultureInfo.InvariantCulture);

    public static string HubNamespace(string id) => $"tdcc-cluster-{id}";

    public static async Task<BenchClusterSet> StartAsync(int members, IEnumerable<string> namespaces, CancellationToken cancellationToken)
    {
        var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" }, cancellationToken: cancellationToken);
        var hub = new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress));
        var mcsHub = Hosting.McsHub.Create(new McsHubOptions(), hub);
        var set = new BenchClusterSet(hubServer, hub, mcsHub);
        try
        {
            await mcsHub.StartAsync(cancellationToken);
            for (var i = 0; i < members; i++)
            {
                set.Members.Add(await StartMemberAsync(hub, hubServer.BaseAddress, MemberId(i), namespaces, cancellationToken));
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    private static async Task<BenchMember> StartMemberAsync(KubeClient hub, Uri hubAddress, string id, IEnumerable<string> namespaces, CancellationToken cancellationToken)
    {
        await hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = HubNamespace(id) } }, cancellationToken: cancellationToken);
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = id }, cancellationToken: cancellationToken);
        var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        foreach (var ns in namespaces)
        {
            await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        }

        var agentClient = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        var agentHubClient = new KubeClient(KubeClientOptions.ForServer(hubAddress));
        var dns = new CountingDnsServer(ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Port = 0 }, ZoneSnapshot.Empty(new ClusterSetZoneOptions())));
        var agent = McsAgent.Create(
            new McsAgentOptions { ClusterId = id, HubNamespace = HubNamespace(id), AddressingMode = EndpointAddressingMode.Flat },
            agentClient,
            agentHubClient,
            dns);
        var member = new BenchMember(id, server, client, agentClient, agentHubClient, dns, agent);
        try
        {
            await agent.StartAsync(cancellationToken);
        }
        catch
        {
            await DisposeMemberAsync(member);
            throw;
        }

        return member;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.Agent.DisposeAsync();
        }

        await McsHub.DisposeAsync();
        foreach (var member in Members)
        {
            await DisposeMemberAsync(member);
        }

        Hub.Dispose();
        await HubServer.DisposeAsync();
    }

    private static async Task DisposeMemberAsync(BenchMember member)
    {
        await member.Agent.DisposeAsync();
        await member.Dns.DisposeAsync();
        member.Client.Dispose();
        member.AgentClient.Dispose();
        member.AgentHubClient.Dispose();
        await member.Server.DisposeAsync();
    }
}
