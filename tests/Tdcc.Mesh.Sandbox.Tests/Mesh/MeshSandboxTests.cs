using System.Globalization;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>The mesh of an in-process sandbox with the demo: registration, east's export imported everywhere, DNS, scaling.</summary>
[Collection(SandboxGroup.Name)]
public sealed class MeshSandboxTests(MeshFixture fixture) : IClassFixture<MeshFixture>
{
    [Fact]
    public async Task StartAsync_ThreeMembers_EveryMemberJoinedAndReady()
    {
        foreach (var member in new[] { fixture.East, fixture.West, fixture.Edge })
        {
            var cluster = await Eventually.ValueAsync(
                async () => await fixture.Hub.Client.Resource<ManagedCluster>().GetAsync(null, member.Name) is { } c && ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) ? c : null,
                $"ManagedCluster {member.Name} Ready");
            cluster.Spec!.ClusterId.Should().Be(member.Name);
            cluster.Spec.SyncMode.Should().Be(SyncModes.Pull);
        }

        (await fixture.Hub.Client.Resource<ManagedCluster>().ListAsync()).Items.Should().HaveCount(3);
    }

    [Fact]
    public void Endpoints_Mesh_CarryDnsPerMemberAndXds()
    {
        var members = fixture.Endpoints.Clusters.Where(c => c.Role == "member").ToList();
        members.Select(c => c.Name).Should().Equal("east", "west", "edge");
        for (var i = 0; i < members.Count; i++)
        {
            members[i].Dns.Should().StartWith(string.Create(CultureInfo.InvariantCulture, $"127.{10 + MeshFixture.AddressOffset + i}.255.53:"));
            members[i].Xds.Should().StartWith("http://127.0.0.1:");
        }

        fixture.Endpoints.Clusters[0].Xds.Should().Be(members[0].Xds);
        fixture.Set.Mesh!.Dns.Should().HaveCount(3);
    }

    [Fact]
    public async Task DemoExport_East_ImportedInWestAndEdgeWithEastPodIps()
    {
        var eastIps = await ReadyPodIpsAsync(fixture.East.Client);
        eastIps.Should().HaveCount(3);
        foreach (var member in new[] { fixture.West, fixture.Edge })
        {
            var import = await member.Client.Resource<ServiceImport>().GetAsync("demo", "echo");
            import!.Spec!.Type.Should().Be("ClusterSetIP");
            import.Spec.Ports.Select(p => p.Port).Should().BeEquivalentTo([8080, 9090]);
            var derived = await member.Client.Resource<Service>().GetAsync("demo", McsNames.DerivedService("demo", "echo"));
            derived!.Spec!.ClusterIP.Should().Be(import.Spec.Ips!.Value.Single());
            var slices = await Eventually.ValueAsync(
                async () => await ImportedFromAsync(member.Client, "east") is { Count: 3 } ips ? ips : null,
                $"east's endpoints imported in {member.Name}");
            slices.Should().BeEquivalentTo(eastIps);
        }
    }

    [Fact]
    public async Task ClusterSetIp_LoopbackLayout_AnsweredByEastsPods()
    {
        var import = await Eventually.ValueAsync(async () => await fixture.West.Client.Resource<ServiceImport>().GetAsync("demo", "echo") is { Spec.Ips: { Length: > 0 } } i ? i : null, "ServiceImport demo/echo in west");
        var frontend = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(import.Spec!.Ips!.Value[0]), 8080);

        await Eventually.TrueAsync(
            async () => (await Networking.NetworkProbe.GetAsync(fixture.West.Network, frontend)).Cluster == "east",
            "west's ClusterSetIP for demo/echo answered by east's pods (the service proxy on the loopback network)");
    }

    [PeerFact("dig")]
    [Trait("Peer", "dig")]
    public async Task Dig_WestAndEdgeDns_AnswerServiceImportIpAndSrvPorts()
    {
        RequirePeer.Present("dig");
        foreach (var member in new[] { fixture.West, fixture.Edge })
        {
            var import = await member.Client.Resource<ServiceImport>().GetAsync("demo", "echo");
            var dns = fixture.Endpoints.Clusters.Single(c => c.Name == member.Name).Dns!;
            var (ip, port) = (dns[..dns.LastIndexOf(':')], dns[(dns.LastIndexOf(':') + 1)..]);
            var a = await PeerTools.RunAsync("dig", ["+short", "@" + ip, "-p", port, "echo.demo.svc.clusterset.local", "A"]);
            a.ExitCode.Should().Be(0, a.StandardError);
            a.StandardOutput.Trim().Should().Be(import!.Spec!.Ips!.Value.Single());
            var srv = await PeerTools.RunAsync("dig", ["+short", "@" + ip, "-p", port, "echo.demo.svc.clusterset.local", "SRV"]);
            srv.ExitCode.Should().Be(0, srv.StandardError);
            srv.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(
                "0 100 8080 echo.demo.svc.clusterset.local.", "0 100 9090 echo.demo.svc.clusterset.local.");
        }
    }

    [Fact]
    public async Task ScaleEast_ToOne_ImportedSlicesInWestShrink()
    {
        try
        {
            await ScaleAsync(fixture.East.Client, 1);
            await Eventually.TrueAsync(async () => (await ImportedFromAsync(fixture.West.Client, "east")).Count == 1, "west's import of east down to 1 endpoint");
            (await ImportedFromAsync(fixture.West.Client, "east")).Should().BeEquivalentTo(await ReadyPodIpsAsync(fixture.East.Client));
        }
        finally
        {
            await ScaleAsync(fixture.East.Client, 3);
            await Eventually.TrueAsync(async () => (await ImportedFromAsync(fixture.West.Client, "east")).Count == 3, "west's import of east back to 3 endpoints");
        }
    }

    [PeerFact("node:@grpc/grpc-js-xds")]
    [Trait("Peer", "node")]
    public async Task Xds_GrpcJsClientInWest_LandsOnEastPods()
    {
        RequirePeer.Present("node:@grpc/grpc-js-xds");
        var eastIps = await ReadyPodIpsAsync(fixture.East.Client);
        var xds = new Uri(fixture.Endpoints.Clusters.Single(c => c.Name == "west").Xds!);
        await using var client = XdsNodeClient.Start(xds.Port, "xds:///echo.demo.svc.clusterset.local:9090", "west-client-1", "west");
        var calls = await client.WaitForAsync(c => c.Count(call => call.Ok) >= 6, TimeSpan.FromSeconds(60), "six successful calls");
        var ok = calls.Where(call => call.Ok).ToList();
        ok.Should().OnlyContain(call => call.Cluster == "east");
        ok.Select(call => call.PodIp).Should().OnlyContain(ip => eastIps.Contains(ip!));
    }

    internal static async Task<IReadOnlyList<string>> ReadyPodIpsAsync(IKubeClient member)
    {
        var pods = await member.Resource<Pod>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = "app=echo" });
        return [.. pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).Select(p => p.Status!.PodIP!)];
    }

    /// <summary>The addresses in <paramref name="member"/>'s imported demo/echo slices that come from <paramref name="sourceCluster"/>.</summary>
    private static async Task<IReadOnlyList<string>> ImportedFromAsync(IKubeClient member, string sourceCluster)
    {
        var slices = await member.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = $"{McsLabels.SourceCluster}={sourceCluster}" });
        return [.. slices.Items.SelectMany(s => s.Endpoints).SelectMany(e => e.Addresses)];
    }

    private static async Task ScaleAsync(IKubeClient member, int replicas)
    {
        var body = "{\"spec\":{\"replicas\":" + replicas.ToString(CultureInfo.InvariantCulture) + "}}";
        await member.Resource<Deployment>().PatchAsync("demo", "echo", new Patch(PatchType.Merge, body));
    }
}
