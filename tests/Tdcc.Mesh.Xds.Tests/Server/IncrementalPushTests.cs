using Envoy.Config.Endpoint.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>Pushes after a snapshot change carry what changed (SotW for EDS, delta always), computed from the sets' diff.</summary>
public sealed class IncrementalPushTests : IAsyncLifetime
{
    private const string Echo = "echo.demo.svc.clusterset.local:9090";
    private const string Other = "other.demo.svc.clusterset.local:9090";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private XdsTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await XdsTestServer.StartAsync();
        _server.Cache.SetSnapshot("node-1", Snapshot(echoIp: "10.0.0.1", withOther: true));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task StreamAggregatedResources_OneOfTwoEndpointsChanges_PushCarriesOnlyIt()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.ClusterLoadAssignment, [Echo, Other], Ads.Node()));
        var initial = await client.ReceiveAsync();
        initial.Resources.Should().HaveCount(2);
        await client.SendAsync(Ads.Ack(initial, [Echo, Other]));

        _server.Cache.SetSnapshot("node-1", Snapshot(echoIp: "10.0.0.9", withOther: true));
        var push = await client.ReceiveAsync();

        push.VersionInfo.Should().NotBe(initial.VersionInfo);
        var assignment = push.Resources.Should().ContainSingle().Subject.Unpack<ClusterLoadAssignment>();
        assignment.ClusterName.Should().Be(Echo);
        await client.SendAsync(Ads.Ack(push, [Echo, Other]));
        (await client.TryReceiveAsync(Quiet)).Should().BeNull("an ACK repeating the subscription changes nothing");

        _server.Cache.SetSnapshot("node-1", Snapshot(echoIp: "10.0.0.9", withOther: true));
        (await client.TryReceiveAsync(Quiet)).Should().BeNull("equal content is no change");
    }

    [Fact]
    public async Task StreamAggregatedResources_WildcardClustersLoseOne_SendsTheFinalSetOnce()
    {
        await using var client = Ads.Sotw(_server.Address);
        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [], Ads.Node()));
        var initial = await client.ReceiveAsync();
        await client.SendAsync(Ads.Ack(initial, []));

        _server.Cache.SetSnapshot("node-1", Snapshot(echoIp: "10.0.0.1", withOther: false));

        // Nothing else changed, so the make-before-break response would repeat what the client has: only the final set goes out.
        (await client.ReceiveAsync()).Resources.Should().ContainSingle();
        (await client.TryReceiveAsync(Quiet)).Should().BeNull();
    }

    [Fact]
    public async Task DeltaAggregatedResources_ChangeThenRemoval_SendsChangedThenRemovedName()
    {
        await using var client = Ads.Delta(_server.Address);
        var subscribe = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, Node = Ads.Node() };
        subscribe.ResourceNamesSubscribe.Add([Echo, Other]);
        await client.SendAsync(subscribe);
        var initial = await client.ReceiveAsync();
        initial.Resources.Should().HaveCount(2);
        await client.SendAsync(new DeltaDiscoveryRequest { TypeUrl = initial.TypeUrl, ResponseNonce = initial.Nonce });

        _server.Cache.SetSnapshot("node-1", Snapshot(echoIp: "10.0.0.9", withOther: true));
        var changed = await client.ReceiveAsync();
        changed.Resources.Select(r => r.Name).Should().Equal(Echo);
        await client.SendAsync(new DeltaDiscoveryRequest { TypeUrl = changed.TypeUrl, ResponseNonce = changed.Nonce });

        _server.Cache.SetSnapshot("node-1", Snapshot(echoIp: "10.0.0.9", withOther: false));
        var removed = await client.ReceiveAsync();
        removed.Resources.Should().BeEmpty();
        removed.RemovedResources.Should().Equal(Other);
    }

    private static Snapshot Snapshot(string echoIp, bool withOther)
    {
        var port = new ServicePortModel("grpc", 9090, AppProtocol: "grpc");
        var services = new List<ServiceModel> { new("demo", "echo", [port]) };
        var endpoints = new List<ServiceEndpointsModel>
        {
            new("east", "demo", "echo", [new EndpointPortModel("grpc", 9090)], [new EndpointModel([echoIp])]),
        };
        if (withOther)
        {
            services.Add(new ServiceModel("demo", "other", [port]));
            endpoints.Add(new ServiceEndpointsModel("east", "demo", "other", [new EndpointPortModel("grpc", 9090)], [new EndpointModel(["10.0.1.1"])]));
        }

        return ClusterSetTranslator.TranslateSnapshot(new ClusterSetModel(services, endpoints, [new ClusterLocalityModel("east", "us-east", "us-east-1a")]), "east");
    }
}
