using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Istio;
using Tdcc.Mesh.Xds.Protos.Istio.Networking;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;
using McpResource = Tdcc.Mesh.Xds.Protos.Istio.Mcp.Resource;

namespace Tdcc.Mesh.Xds.Tests.Istio;

/// <summary>
/// The ADS server as istiod's MCP-over-xDS config source sees it, with a client that does what istiod's does: a node
/// with only ISTIO_VERSION (and CLUSTER_ID) in its metadata and no node.cluster, one initial request per Istio kind with
/// empty resource_names and a nonce of its own, an ACK of every response with its nonce and version.
/// </summary>
public sealed class McpOverXdsTests : IAsyncLifetime
{
    private const string Sidecar = "networking.istio.io/v1alpha3/Sidecar";
    private const string MeshConfig = "core/v1alpha1/MeshConfig";
    private static readonly string[] Requested = [IstioKinds.ServiceEntryType, IstioKinds.WorkloadEntryType, IstioKinds.DestinationRuleType, Sidecar, MeshConfig];
    private static readonly IstioOptions Networks = new(new Dictionary<string, string> { ["east"] = "net-east", ["west"] = "net-west" });

    private XdsTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await XdsTestServer.StartAsync(NodeHashes.ByClusterAndRole);
        Publish(IstioModels.ClusterSet());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Group_IstiodNode_IstiodViewOfItsCluster()
    {
        NodeHashes.ByClusterAndRole.GetGroup(IstiodNode("east")).Should().Be("istiod/east");
        NodeHashes.ByClusterAndRole.GetGroup(new Node { Id = "x", Cluster = "west", Metadata = Metadata(("ISTIO_VERSION", "1.24.0")) }).Should().Be("istiod/west");
    }

    [Fact]
    public async Task Sotw_IstiodRequestsEveryKind_FullStateOfEachAndEmptyListsForTheRest()
    {
        await using var client = Ads.Sotw(_server.Address);
        var responses = await StartAsync(client, "east");

        responses.Keys.Should().BeEquivalentTo(Requested, "istiod waits for an answer to every kind it asked for");
        responses[Sidecar].Resources.Should().BeEmpty();
        responses[MeshConfig].Resources.Should().BeEmpty();
        responses.Values.Should().OnlyContain(r => r.Resources.All(any => any.TypeUrl == IstioKinds.McpResourceTypeUrl));

        var entries = Decode(responses[IstioKinds.ServiceEntryType]);
        entries.Keys.Should().BeEquivalentTo("demo/echo-clusterset", "demo/db-clusterset");
        var echo = entries["demo/echo-clusterset"].Body.Unpack<ServiceEntry>();
        echo.Hosts.Should().Equal("echo.demo.svc.clusterset.local");
        echo.Location.Should().Be(ServiceEntry.Types.Location.MeshInternal);

        var workloads = Decode(responses[IstioKinds.WorkloadEntryType]);
        workloads.Keys.Should().BeEquivalentTo(["demo/echo-clusterset-east-10-0-0-1", "demo/echo-clusterset-gateway"], "db has no listen port yet, so east's gateway cannot carry it");
        var gateway = workloads["demo/echo-clusterset-gateway"].Body.Unpack<WorkloadEntry>();
        (gateway.Address, gateway.Network, gateway.Weight).Should().Be(("192.168.0.10", "net-east", 2u));

        var rules = Decode(responses[IstioKinds.DestinationRuleType]);
        rules["demo/echo-clusterset"].Body.Unpack<DestinationRule>().Host.Should().Be("echo.demo.svc.clusterset.local");
        rules.Values.Should().OnlyContain(r => r.Metadata.Version.Length > 0);
    }

    [Fact]
    public async Task Sotw_EndpointAddedInWest_WorkloadEntriesPushedWholeAndOthersNot()
    {
        await using var client = Ads.Sotw(_server.Address);
        var first = await StartAsync(client, "east");

        Publish(IstioModels.ClusterSet(null, new EndpointModel(["10.1.0.1"]), new EndpointModel(["10.1.0.2"]), new EndpointModel(["10.1.0.3"])));

        var update = await client.ReceiveAsync();
        update.TypeUrl.Should().Be(IstioKinds.WorkloadEntryType);
        update.VersionInfo.Should().NotBe(first[IstioKinds.WorkloadEntryType].VersionInfo);
        var workloads = Decode(update);
        workloads.Should().HaveCount(2, "full state: every WorkloadEntry, not only the changed one");
        workloads["demo/echo-clusterset-gateway"].Body.Unpack<WorkloadEntry>().Weight.Should().Be(3u);
        await client.SendAsync(Ads.Ack(update, []));
        (await client.TryReceiveAsync(TimeSpan.FromMilliseconds(500))).Should().BeNull("nothing else changed");
    }

    [Fact]
    public async Task Sotw_ServiceImportRemoved_ItsObjectsGoneFromTheNextFullState()
    {
        await using var client = Ads.Sotw(_server.Address);
        await StartAsync(client, "east");
        var model = IstioModels.ClusterSet();

        Publish(model with { Services = [.. model.Services.Where(s => s.Name != "db")] });

        var seen = new Dictionary<string, DiscoveryResponse>(StringComparer.Ordinal);
        while (seen.Count < 2)
        {
            var response = await client.ReceiveAsync();
            seen[response.TypeUrl] = response;
            await client.SendAsync(Ads.Ack(response, []));
        }

        seen.Keys.Should().BeEquivalentTo(IstioKinds.ServiceEntryType, IstioKinds.DestinationRuleType);
        Decode(seen[IstioKinds.ServiceEntryType]).Keys.Should().Equal("demo/echo-clusterset");
        Decode(seen[IstioKinds.DestinationRuleType]).Keys.Should().Equal("demo/echo-clusterset");
        (await client.TryReceiveAsync(TimeSpan.FromMilliseconds(500))).Should().BeNull("east's WorkloadEntries did not change (db had none there)");
    }

    [Fact]
    public async Task Sotw_Nack_HeldUntilTheObjectsChange()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(IstioKinds.ServiceEntryType, [], IstiodNode("east"), nonce: "2026-12-07 05:00:00"));
        var response = await client.ReceiveAsync();

        await client.SendAsync(Ads.Nack(response, [], string.Empty, "rejected"));

        (await client.TryReceiveAsync(TimeSpan.FromMilliseconds(500))).Should().BeNull("a NACK is not answered with the same objects");
        var model = IstioModels.ClusterSet();
        Publish(model with { Services = [.. model.Services.Where(s => s.Name != "db")] });
        Decode(await client.ReceiveAsync()).Keys.Should().Equal("demo/echo-clusterset");
    }

    [Fact]
    public async Task Delta_IstioKinds_ServedAsResources()
    {
        await using var client = Ads.Delta(_server.Address);
        var request = new DeltaDiscoveryRequest { TypeUrl = IstioKinds.ServiceEntryType, Node = IstiodNode("west") };

        await client.SendAsync(request);

        var response = await client.ReceiveAsync();
        response.TypeUrl.Should().Be(IstioKinds.ServiceEntryType);
        response.Resources.Select(r => r.Name).Should().BeEquivalentTo("demo/echo-clusterset", "demo/db-clusterset");
        response.Resources.Should().OnlyContain(r => r.Resource_.TypeUrl == IstioKinds.McpResourceTypeUrl);
    }

    [Fact]
    public async Task Sotw_InventedIstioTypesBeyondTheCap_Ignored()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request("example.io/v1/Kind0", [], IstiodNode("east")));
        (await client.ReceiveAsync()).Resources.Should().BeEmpty();
        for (var i = 1; i <= TypeUrls.MaxIstioTypesPerStream; i++)
        {
            await client.SendAsync(Ads.Request($"example.io/v1/Kind{i}", []));
        }

        var answered = 1;
        while (await client.TryReceiveAsync(TimeSpan.FromMilliseconds(500)) is not null)
        {
            answered++;
        }

        answered.Should().Be(TypeUrls.MaxIstioTypesPerStream);
    }

    /// <summary>Sends istiod's initial requests (node only on the first, a timestamp nonce on each), receives one answer per kind and ACKs it.</summary>
    private static async Task<Dictionary<string, DiscoveryResponse>> StartAsync(AdsTestClient<DiscoveryRequest, DiscoveryResponse> client, string cluster)
    {
        var first = true;
        foreach (var typeUrl in Requested)
        {
            await client.SendAsync(Ads.Request(typeUrl, [], first ? IstiodNode(cluster) : null, nonce: "2026-12-07 05:00:00.123 +0000 UTC"));
            first = false;
        }

        var responses = new Dictionary<string, DiscoveryResponse>(StringComparer.Ordinal);
        while (responses.Count < Requested.Length)
        {
            var response = await client.ReceiveAsync();
            responses.Should().NotContainKey(response.TypeUrl);
            responses[response.TypeUrl] = response;
            await client.SendAsync(Ads.Ack(response, []));
        }

        return responses;
    }

    private void Publish(ClusterSetModel model)
    {
        foreach (var (group, snapshot) in NodeGroupTranslator.Translate(model, ["east", "west"], istio: Networks))
        {
            _server.Cache.SetSnapshot(group, snapshot);
        }
    }

    private static Dictionary<string, McpResource> Decode(DiscoveryResponse response) =>
        response.Resources.Select(any => any.Unpack<McpResource>()).ToDictionary(r => r.Metadata.Name, StringComparer.Ordinal);

    /// <summary>The node istiod's config-source client sends, plus CLUSTER_ID to pick the cluster's view.</summary>
    private static Node IstiodNode(string cluster) => new()
    {
        Id = "sidecar~10.0.0.5~istiod-7d9c.istio-system~istio-system.svc.cluster.local",
        Metadata = Metadata(("ISTIO_VERSION", "65536.65536.65536"), ("CLUSTER_ID", cluster)),
    };

    private static Struct Metadata(params (string Key, string Value)[] fields)
    {
        var metadata = new Struct();
        foreach (var (key, value) in fields)
        {
            metadata.Fields[key] = Value.ForString(value);
        }

        return metadata;
    }
}
