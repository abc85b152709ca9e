using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>DeltaAggregatedResources over a real Kestrel h2c server with our own gRPC client.</summary>
public sealed class DeltaProtocolTests : IAsyncLifetime
{
    private const string Echo = "echo.demo.svc.clusterset.local:9090";
    private const string Other = "other.demo.svc.clusterset.local:9090";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private XdsTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await XdsTestServer.StartAsync();
        _server.Cache.SetSnapshot("node-1", SotwProtocolTests.Translate(["echo", "other"], null, ("east", "10.0.0.1", true)));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DeltaAggregatedResources_Subscribe_SendsResourcesWithVersions()
    {
        await using var client = Ads.Delta(_server.Address);

        await client.SendAsync(Request(TypeUrls.Cluster, subscribe: [Echo], node: Ads.Node()));

        var response = await client.ReceiveAsync();
        response.Resources.Should().ContainSingle().Which.Name.Should().Be(Echo);
        response.Resources[0].Version.Should().Be(_server.Cache.GetSnapshot("node-1")!.Get(TypeUrls.Cluster).Items[Echo].Version);
        response.Nonce.Should().NotBeEmpty();
    }

    [Fact]
    public async Task DeltaAggregatedResources_InitialVersions_SendsOnlyWhatDiffers()
    {
        var snapshot = _server.Cache.GetSnapshot("node-1")!;
        await using var client = Ads.Delta(_server.Address);
        var request = Request(TypeUrls.Cluster, subscribe: [Echo, Other], node: Ads.Node());
        request.InitialResourceVersions[Echo] = snapshot.Get(TypeUrls.Cluster).Items[Echo].Version;
        request.InitialResourceVersions[Other] = "stale";

        await client.SendAsync(request);

        var response = await client.ReceiveAsync();
        response.Resources.Select(resource => resource.Name).Should().Equal(Other);
    }

    [Fact]
    public async Task DeltaAggregatedResources_ResourceRemoved_ListedInRemovedResources()
    {
        await using var client = Ads.Delta(_server.Address);
        await client.SendAsync(Request(TypeUrls.Cluster, subscribe: [Echo, Other], node: Ads.Node()));
        var first = await client.ReceiveAsync();
        first.Resources.Should().HaveCount(2);
        await client.SendAsync(Request(TypeUrls.Cluster, nonce: first.Nonce));

        _server.Cache.SetSnapshot("node-1", SotwProtocolTests.Translate(["echo"], null, ("east", "10.0.0.1", true)));

        var removal = await client.ReceiveAsync();
        removal.Resources.Should().BeEmpty();
        removal.RemovedResources.Should().Equal(Other);
    }

    [Fact]
    public async Task DeltaAggregatedResources_Unsubscribe_NoResponseAndNoLaterUpdates()
    {
        await using var client = Ads.Delta(_server.Address);
        await client.SendAsync(Request(TypeUrls.ClusterLoadAssignment, subscribe: [Echo], node: Ads.Node()));
        var first = await client.ReceiveAsync();

        await client.SendAsync(Request(TypeUrls.ClusterLoadAssignment, unsubscribe: [Echo], nonce: first.Nonce));
        (await client.TryReceiveAsync(Quiet)).Should().BeNull();

        _server.Cache.SetSnapshot("node-1", SotwProtocolTests.Translate(["echo", "other"], null, ("east", "10.0.0.9", true)));
        (await client.TryReceiveAsync(Quiet)).Should().BeNull("the client no longer subscribes to the changed assignment");
    }

    [Fact]
    public async Task DeltaAggregatedResources_SubscribeAgain_ResendsEvenIfKnown()
    {
        await using var client = Ads.Delta(_server.Address);
        await client.SendAsync(Request(TypeUrls.Cluster, subscribe: [Echo], node: Ads.Node()));
        var first = await client.ReceiveAsync();

        await client.SendAsync(Request(TypeUrls.Cluster, subscribe: [Echo], nonce: first.Nonce));

        (await client.ReceiveAsync()).Resources.Should().ContainSingle().Which.Name.Should().Be(Echo);
    }

    [Fact]
    public async Task DeltaAggregatedResources_MissingName_ReportedAsRemoved()
    {
        await using var client = Ads.Delta(_server.Address);

        await client.SendAsync(Request(TypeUrls.Listener, subscribe: ["nope:1"], node: Ads.Node()));

        (await client.ReceiveAsync()).RemovedResources.Should().Equal("nope:1");
    }

    [Fact]
    public async Task DeltaAggregatedResources_LegacyWildcard_SendsAllListeners()
    {
        await using var client = Ads.Delta(_server.Address);

        await client.SendAsync(Request(TypeUrls.Listener, node: Ads.Node()));

        (await client.ReceiveAsync()).Resources.Should().HaveCount(2);
    }

    [Fact]
    public async Task DeltaAggregatedResources_Nack_HeldAndShownInStatus()
    {
        await using var client = Ads.Delta(_server.Address);
        await client.SendAsync(Request(TypeUrls.Cluster, subscribe: [Echo], node: Ads.Node()));
        var first = await client.ReceiveAsync();
        var nack = Request(TypeUrls.Cluster, nonce: first.Nonce);
        nack.ErrorDetail = new Google.Rpc.Status { Code = 3, Message = "bad cluster" };

        await client.SendAsync(nack);

        (await client.TryReceiveAsync(Quiet)).Should().BeNull();
        var status = _server.Status.GetStatus().Nodes.Single();
        status.Kind.Should().Be(Tdcc.Mesh.Xds.Status.XdsStreamKind.Delta);
        status.Types.Single().ErrorDetail.Should().Be("bad cluster");
    }

    private static DeltaDiscoveryRequest Request(string typeUrl, string[]? subscribe = null, string[]? unsubscribe = null, Envoy.Config.Core.V3.Node? node = null, string nonce = "")
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = typeUrl, Node = node, ResponseNonce = nonce };
        request.ResourceNamesSubscribe.Add(subscribe ?? []);
        request.ResourceNamesUnsubscribe.Add(unsubscribe ?? []);
        return request;
    }
}
