using Envoy.Config.Listener.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>The delta ADS client against our real xDS server (Kestrel h2c on loopback).</summary>
[Trait("Category", "Slow")]
public sealed class XdsClientTests
{
    private static readonly string EchoListener = GatewayResources.OutboundListenerName(30001, "demo", "echo", 8080);
    private static readonly string EchoCluster = GatewayResources.OutboundCluster("demo", "echo", 8080);
    private static readonly string TcpEchoCluster = GatewayResources.OutboundCluster("demo", "tcp-echo", 9000);

    [Fact]
    public async Task RunAsync_GatewaySnapshot_SubscribesByReferenceReceivesAndAcksEveryType()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        await using var run = new ClientRun(server.Address);

        await Eventually.TrueAsync(() => run.Handler.Last is { Listeners.Count: 3, Routes.Count: 1, Clusters.Count: 3, LoadAssignments.Count: 3, Secrets.Count: 1 }, "the whole view");
        await Eventually.TrueAsync(() => AllAcked(server, run), "every type ACKed");

        var view = run.Handler.Last!;
        view.Complete.Should().BeTrue();
        view.Routes.Should().ContainKey(EchoListener);
        view.Secrets.Should().ContainKey(GatewayResources.TrustBundle);
        var node = server.NodeStatus(run.Options.NodeId)!;
        node.Group.Should().Be("east-west-gateway/west", "the node announces its cluster and TDCC_ROLE");
        node.Locality!.SubZone.Should().Be("west");
        Names(node, TypeUrls.Listener).Should().Equal("*");
        Names(node, TypeUrls.Cluster).Should().Equal("*");
        Names(node, TypeUrls.RouteConfiguration).Should().Equal(EchoListener);
        Names(node, TypeUrls.ClusterLoadAssignment).Should().BeEquivalentTo(EchoCluster, TcpEchoCluster, GatewayResources.InboundCluster("demo", "echo", 8080));
        Names(node, TypeUrls.Secret).Should().Equal(GatewayResources.TrustBundle);
        run.Client.Nacks.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_WarmingClustersBeforeTheirEndpoints_PublishesOnlyConsistentViews()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        await using var run = new ClientRun(server.Address);

        await Eventually.TrueAsync(() => run.Handler.Last is { LoadAssignments.Count: 3 }, "the endpoints");

        // CDS arrives before EDS is even subscribed: without warming the first view would lack the assignments.
        run.Handler.Views.Should().OnlyContain(view => view.Complete
            && view.Clusters.Values.All(cluster => view.LoadAssignments.ContainsKey(cluster.EdsClusterConfig.ServiceName))
            && view.Listeners.Keys.Where(name => name.StartsWith("outbound|30001", StringComparison.Ordinal)).All(view.Routes.ContainsKey));
    }

    [Fact]
    public async Task RunAsync_ReferencedResourceDoesNotExist_ServerSaysSoAndTheViewIsCompleteWithoutIt()
    {
        await using var server = await XdsServerHost.StartAsync();
        var withoutRoutes = GatewayResources.WestView().Where(message => message is not Envoy.Config.Route.V3.RouteConfiguration).ToList();
        server.Set("west", Snapshot.Create(withoutRoutes));
        await using var run = new ClientRun(server.Address);

        await Eventually.TrueAsync(() => run.Handler.Last is { Listeners.Count: 3, LoadAssignments.Count: 3 }, "the view without routes");

        run.Handler.Last!.Complete.Should().BeTrue("removed_resources told the client the route configuration does not exist");
        run.Handler.Last.Routes.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_ResourcesChangedAndRemoved_ViewFollowsAndSubscriptionsShrink()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        await using var run = new ClientRun(server.Address);
        await Eventually.TrueAsync(() => run.Handler.Last is { Clusters.Count: 3, LoadAssignments.Count: 3 }, "the first view");

        var next = GatewayResources.WestView(eastReady: 7)
            .Where(message => !Named(message, "tcp-echo"))
            .ToList();
        server.Set("west", Snapshot.Create(next));

        await Eventually.TrueAsync(() => run.Handler.Last is { Clusters.Count: 2, Listeners.Count: 2 } view && view.LoadAssignments.Count == 2
            && view.LoadAssignments[EchoCluster].Endpoints[1].LoadBalancingWeight == 7, "the changed view");
        await Eventually.TrueAsync(() => !Names(server.NodeStatus(run.Options.NodeId)!, TypeUrls.ClusterLoadAssignment).Contains(TcpEchoCluster), "EDS unsubscribed");
        run.Handler.Last!.LoadAssignments.Should().NotContainKey(TcpEchoCluster);
        run.Client.Nacks.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_ResourceDoesNotDecode_NacksAndKeepsThePreviousVersion()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        await using var run = new ClientRun(server.Address);
        await Eventually.TrueAsync(() => run.Handler.Last is { Listeners.Count: 3, Routes.Count: 1 }, "the first view");
        var before = run.Handler.Last!.Listeners[EchoListener];
        var viewsBefore = run.Handler.Views.Count;

        var broken = GatewayResources.WestView().Select(message => message is Listener { Name: var name } listener && name == EchoListener ? Garbled(listener) : message).ToList();
        server.Set("west", Snapshot.Create(broken));

        await Eventually.TrueAsync(() => TypeStatus(server, run, TypeUrls.Listener)?.VersionNacked is not null, "the server to see the NACK");
        var lds = TypeStatus(server, run, TypeUrls.Listener)!;
        lds.ErrorDetail.Should().Contain(EchoListener).And.Contain("does not decode");
        run.Client.Nacks.Should().BeGreaterThan(0);
        run.Handler.Views.Should().HaveCount(viewsBefore, "a NACKed response is not applied");

        // The next good version is accepted again.
        server.Set("west", Snapshot.Create(GatewayResources.WestView(eastReady: 9)));
        await Eventually.TrueAsync(() => run.Handler.Last!.LoadAssignments[EchoCluster].Endpoints[1].LoadBalancingWeight == 9, "the fixed view");
        run.Handler.Last!.Listeners[EchoListener].Should().Be(before);
    }

    [Fact]
    public async Task RunAsync_HandlerRejectsView_NacksWithItsReasonAndKeepsWhatItHeld()
    {
        await using var server = await XdsServerHost.StartAsync();
        server.Set("west", Snapshot.Create(GatewayResources.WestView()));
        await using var run = new ClientRun(server.Address);
        await Eventually.TrueAsync(() => run.Handler.Last is { LoadAssignments.Count: 3 }, "the first view");
        run.Handler.Reject = view => view.LoadAssignments.TryGetValue(EchoCluster, out var echo) && echo.Endpoints.Count > 1 && echo.Endpoints[1].LoadBalancingWeight == 0
            ? "east has no ready endpoints (test rejection)"
            : null;

        server.Set("west", Snapshot.Create(GatewayResources.WestView(eastReady: 0)));

        await Eventually.TrueAsync(() => TypeStatus(server, run, TypeUrls.ClusterLoadAssignment)?.VersionNacked is not null, "the server to see the NACK");
        TypeStatus(server, run, TypeUrls.ClusterLoadAssignment)!.ErrorDetail.Should().Be("east has no ready endpoints (test rejection)");
        run.Handler.Last!.LoadAssignments[EchoCluster].Endpoints[1].LoadBalancingWeight.Should().Be(3u);
    }

    [Fact]
    public async Task RunAsync_ServerRestarts_ReconnectsAndResumesWithInitialResourceVersions()
    {
        await using var server = await XdsServerHost.StartAsync();
        var snapshot = Snapshot.Create(GatewayResources.WestView());
        server.Set("west", snapshot);
        await using var run = new ClientRun(server.Address);
        await Eventually.TrueAsync(() => run.Handler.Last is { LoadAssignments.Count: 3, Secrets.Count: 1 }, "the first view");
        await Eventually.TrueAsync(() => AllAcked(server, run), "every type ACKed");
        var views = run.Handler.Views.Count;

        await server.RestartAsync();
        server.Set("west", snapshot);

        await Eventually.TrueAsync(() => run.Client.StreamsOpened >= 2, "a second stream", TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => AllAcked(server, run), "every type ACKed on the new stream");
        var node = server.NodeStatus(run.Options.NodeId)!;
        Names(node, TypeUrls.ClusterLoadAssignment).Should().HaveCount(3, "the named subscriptions are renewed on the new stream");
        run.Handler.Views.Should().HaveCount(views, "initial_resource_versions matched the server's: nothing was sent again, nothing republished");

        server.Set("west", Snapshot.Create(GatewayResources.WestView(eastReady: 4)));
        await Eventually.TrueAsync(() => run.Handler.Last!.LoadAssignments[EchoCluster].Endpoints[1].LoadBalancingWeight == 4, "a change after the restart");
    }

    private static Listener Garbled(Listener listener)
    {
        var copy = listener.Clone();
        copy.FilterChains[0].Filters[0].TypedConfig = new Any
        {
            TypeUrl = copy.FilterChains[0].Filters[0].TypedConfig.TypeUrl,
            Value = ByteString.CopyFrom(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f),
        };
        return copy;
    }

    private static bool Named(IMessage message, string service) => message switch
    {
        Listener listener => listener.Name.Contains(service, StringComparison.Ordinal),
        Envoy.Config.Cluster.V3.Cluster cluster => cluster.Name.Contains(service, StringComparison.Ordinal),
        Envoy.Config.Endpoint.V3.ClusterLoadAssignment assignment => assignment.ClusterName.Contains(service, StringComparison.Ordinal),
        _ => false,
    };

    private static IReadOnlyList<string> Names(XdsNodeStatus node, string typeUrl) =>
        node.Types.FirstOrDefault(type => type.TypeUrl == typeUrl)?.ResourceNames ?? [];

    private static XdsTypeStatus? TypeStatus(XdsServerHost server, ClientRun run, string typeUrl) =>
        server.NodeStatus(run.Options.NodeId)?.Types.FirstOrDefault(type => type.TypeUrl == typeUrl);

    private static bool AllAcked(XdsServerHost server, ClientRun run) =>
        server.NodeStatus(run.Options.NodeId) is { } node
        && TypeUrls.PushOrder.All(type => node.Types.FirstOrDefault(status => status.TypeUrl == type) is { VersionSent: not null } status
            && status.VersionAcked == status.VersionSent);
}
