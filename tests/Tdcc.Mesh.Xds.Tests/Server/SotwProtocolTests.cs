using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>StreamAggregatedResources over a real Kestrel h2c server with our own gRPC client.</summary>
public sealed class SotwProtocolTests : IAsyncLifetime
{
    private const string Echo = "echo.demo.svc.clusterset.local:9090";
    private const string Other = "other.demo.svc.clusterset.local:9090";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private XdsTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await XdsTestServer.StartAsync();
        _server.Cache.SetSnapshot("node-1", Translate(("east", "10.0.0.1", true)));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task StreamAggregatedResources_FirstRequest_ReturnsSubscribedResource()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Listener, [Echo], Ads.Node()));

        var response = await client.ReceiveAsync();

        response.TypeUrl.Should().Be(TypeUrls.Listener);
        response.Nonce.Should().NotBeEmpty();
        response.VersionInfo.Should().Be(_server.Cache.GetSnapshot("node-1")!.GetVersion(TypeUrls.Listener));
        response.Resources.Should().ContainSingle().Which.Unpack<Listener>().Name.Should().Be(Echo);
    }

    [Fact]
    public async Task StreamAggregatedResources_Ack_StatusShowsAckedVersionAndNoResend()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [Echo], Ads.Node()));
        var response = await client.ReceiveAsync();

        await client.SendAsync(Ads.Ack(response, [Echo]));

        (await client.TryReceiveAsync(Quiet)).Should().BeNull("an ACK needs no answer");
        TypeStatus(TypeUrls.Cluster).VersionAcked.Should().Be(response.VersionInfo);
    }

    [Fact]
    public async Task StreamAggregatedResources_Nack_HeldUntilNewerSnapshot()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [Echo], Ads.Node()));
        var response = await client.ReceiveAsync();

        await client.SendAsync(Ads.Nack(response, [Echo], string.Empty, "unsupported lb_policy: MAGLEV"));

        (await client.TryReceiveAsync(Quiet)).Should().BeNull("a NACKed version is not resent");
        var status = TypeStatus(TypeUrls.Cluster);
        status.VersionNacked.Should().Be(response.VersionInfo);
        status.ErrorDetail.Should().Be("unsupported lb_policy: MAGLEV");

        _server.Cache.SetSnapshot("node-1", Translate(("east", "10.0.0.1", true)));
        (await client.TryReceiveAsync(Quiet)).Should().BeNull("the same content is the same version: still held");

        _server.Cache.SetSnapshot("node-1", Translate(["echo"], new TrafficPolicyModel(LoadBalancer: LoadBalancerKind.RingHash), ("east", "10.0.0.1", true)));
        var newer = await client.ReceiveAsync();
        newer.VersionInfo.Should().NotBe(response.VersionInfo);
        newer.Resources.Single().Unpack<Cluster>().LbPolicy.Should().Be(Cluster.Types.LbPolicy.RingHash);
    }

    [Fact]
    public async Task StreamAggregatedResources_StaleNonce_Ignored()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [Echo], Ads.Node()));
        var first = await client.ReceiveAsync();
        _server.Cache.SetSnapshot("node-1", Translate(["echo", "other"], null, ("east", "10.0.0.1", true)));
        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [Echo, Other], nonce: first.Nonce));
        var second = await client.ReceiveAsync();

        // A request answering the first response, sent after the second: stale, so its new name is not served.
        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [Echo, Other, "third"], nonce: first.Nonce));

        (await client.TryReceiveAsync(Quiet)).Should().BeNull();
        second.Resources.Should().HaveCount(2);
        TypeStatus(TypeUrls.Cluster).ResourceNames.Should().BeEquivalentTo(Echo, Other);
    }

    [Fact]
    public async Task StreamAggregatedResources_Resubscribe_ResendsUnchangedResource()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.ClusterLoadAssignment, [Echo], Ads.Node()));
        var first = await client.ReceiveAsync();
        await client.SendAsync(Ads.Request(TypeUrls.ClusterLoadAssignment, [], nonce: first.Nonce, version: first.VersionInfo));
        (await client.TryReceiveAsync(Quiet)).Should().BeNull("unsubscribing needs no answer");

        await client.SendAsync(Ads.Request(TypeUrls.ClusterLoadAssignment, [Echo], nonce: first.Nonce, version: first.VersionInfo));

        var again = await client.ReceiveAsync();
        again.Resources.Should().ContainSingle();
        again.VersionInfo.Should().Be(first.VersionInfo);
    }

    [Fact]
    public async Task StreamAggregatedResources_Reconnect_SendsCurrentStateAgain()
    {
        string version;
        await using (var client = Ads.Sotw(_server.Address))
        {
            await client.SendAsync(Ads.Request(TypeUrls.Listener, [Echo], Ads.Node()));
            version = (await client.ReceiveAsync()).VersionInfo;
        }

        await using var reconnected = Ads.Sotw(_server.Address);
        await reconnected.SendAsync(Ads.Request(TypeUrls.Listener, [Echo], Ads.Node(), version: version));

        var response = await reconnected.ReceiveAsync();
        response.VersionInfo.Should().Be(version);
        response.Resources.Should().ContainSingle();
    }

    [Fact]
    public async Task StreamAggregatedResources_PushAcrossTypes_ClustersEndpointsListenersRoutesThenRemovals()
    {
        await using var client = Ads.Sotw(_server.Address);
        var node = Ads.Node();
        foreach (var type in new[] { TypeUrls.RouteConfiguration, TypeUrls.Listener, TypeUrls.ClusterLoadAssignment, TypeUrls.Cluster })
        {
            var wildcard = TypeUrls.IsFullState(type);
            await client.SendAsync(Ads.Request(type, wildcard ? [] : [Echo, Other], node));
            node = null;
            var initial = await client.ReceiveAsync();
            await client.SendAsync(Ads.Ack(initial, wildcard ? [] : [Echo, Other]));
        }

        // "echo" goes away, "other" arrives: every type changes.
        _server.Cache.SetSnapshot("node-1", Translate(["other"], null, ("east", "10.0.0.2", true)));

        var pushed = new List<DiscoveryResponse>();
        while (await client.TryReceiveAsync(TimeSpan.FromSeconds(2)) is { } response)
        {
            pushed.Add(response);
        }

        pushed.Select(r => TypeUrls.ShortName(r.TypeUrl)).Should().Equal("CDS", "EDS", "LDS", "RDS", "CDS", "LDS");
        pushed[0].Resources.Select(Name).Should().BeEquivalentTo(new[] { Echo, Other }, "make before break: the old cluster stays until the end");
        pushed[4].Resources.Select(Name).Should().BeEquivalentTo(Other);
        pushed[5].Resources.Select(Name).Should().BeEquivalentTo(Other);
    }

    [Fact]
    public async Task StreamAggregatedResources_EmptyNamesFirst_IsWildcardForListeners()
    {
        _server.Cache.SetSnapshot("node-1", Translate(["echo", "other"], null, ("east", "10.0.0.1", true)));
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Listener, [], Ads.Node()));

        var response = await client.ReceiveAsync();
        response.Resources.Should().HaveCount(2);
        TypeStatus(TypeUrls.Listener).ResourceNames.Should().Equal("*");
    }

    [Fact]
    public async Task StreamAggregatedResources_EmptyNamesAfterExplicit_UnsubscribesEverything()
    {
        _server.Cache.SetSnapshot("node-1", Translate(["echo", "other"], null, ("east", "10.0.0.1", true)));
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Listener, [Echo], Ads.Node()));
        var first = await client.ReceiveAsync();
        first.Resources.Should().ContainSingle();

        await client.SendAsync(Ads.Request(TypeUrls.Listener, [], nonce: first.Nonce, version: first.VersionInfo));

        (await client.TryReceiveAsync(Quiet)).Should().BeNull();
        TypeStatus(TypeUrls.Listener).ResourceNames.Should().BeEmpty();
    }

    [Fact]
    public async Task StreamAggregatedResources_StarWithName_IsWildcard()
    {
        _server.Cache.SetSnapshot("node-1", Translate(["echo", "other"], null, ("east", "10.0.0.1", true)));
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Cluster, ["*", Echo], Ads.Node()));

        (await client.ReceiveAsync()).Resources.Should().HaveCount(2);
    }

    [Fact]
    public async Task StreamAggregatedResources_NameAppearsLater_PushedWhenItExists()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Listener, [Other], Ads.Node()));
        (await client.ReceiveAsync()).Resources.Should().BeEmpty("the name does not exist yet");

        _server.Cache.SetSnapshot("node-1", Translate(["echo", "other"], null, ("east", "10.0.0.1", true)));

        (await client.ReceiveAsync()).Resources.Select(Name).Should().Equal(Other);
    }

    private XdsTypeStatus TypeStatus(string typeUrl) =>
        _server.Status.GetStatus().Nodes.Should().ContainSingle().Subject.Types.Single(type => type.TypeUrl == typeUrl);

    private static string Name(Google.Protobuf.WellKnownTypes.Any any) => any.TypeUrl == TypeUrls.Cluster
        ? any.Unpack<Cluster>().Name
        : any.Unpack<Listener>().Name;

    internal static Snapshot Translate(params (string Cluster, string Ip, bool Ready)[] endpoints) =>
        Translate(["echo"], null, endpoints);

    internal static Snapshot Translate(IReadOnlyList<string> services, TrafficPolicyModel? policy, params (string Cluster, string Ip, bool Ready)[] endpoints) =>
        ClusterSetTranslator.TranslateSnapshot(TestResources.Model(services, endpoints, policy), "east");
}
