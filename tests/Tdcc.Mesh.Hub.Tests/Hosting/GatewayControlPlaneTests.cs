using System.Collections.Immutable;
using Envoy.Config.Listener.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Hub.Tests.Support;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Aggregation;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Hub.Tests.Hosting;

/// <summary>
/// The east-west gateway's control plane end to end, as <c>tdcc hub</c> and <c>tdcc agent --addressing Gateway</c> run
/// it against real API servers: listen ports on the hub import, the member's slice at its gateway, the gateway's xDS view.
/// </summary>
[Trait("Category", "Slow")]
public sealed class GatewayControlPlaneTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private HubTestBed bed = null!;

    public async Task InitializeAsync() => bed = await HubTestBed.StartAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task GatewayAddressing_EastExportsWestImports_ListenPortOnHubSliceAtWestGatewayAndOutboundListenerInWestView()
    {
        var hubHost = await bed.StartHubAsync("hub-0");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        var east = await StartAgentAsync("east", token, gatewayAddress: "192.0.2.10", localAddress: "10.96.0.10");
        var west = await StartAgentAsync("west", token, gatewayAddress: "198.51.100.20", localAddress: "10.97.0.10");
        foreach (var member in new[] { east, west })
        {
            await member.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        }

        await east.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "web" },
            Spec = new ServiceSpec { Type = "ClusterIP", Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 }] },
        });
        await east.Resource<EndpointSlice>().CreateAsync(new EndpointSlice
        {
            Metadata = new ObjectMeta
            {
                Namespace = "demo",
                Name = "web-abc",
                Labels = ImmutableDictionary<string, string>.Empty.Add("kubernetes.io/service-name", "web"),
            },
            AddressType = "IPv4",
            Endpoints = [new Endpoint { Addresses = ["10.1.0.5"], Conditions = new EndpointConditions { Ready = true } }, new Endpoint { Addresses = ["10.1.0.6"], Conditions = new EndpointConditions { Ready = true } }],
            Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
        });
        await east.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "web" } });

        // The hub import gets a listen port for its one TCP port, persisted in the object.
        var listen = 0;
        (await Eventually(async () =>
        {
            var import = await bed.Hub.Resource<ServiceImport>().GetAsync(McsNames.DefaultImportsNamespace, "demo.web");
            var ports = GatewayPorts.Parse(import?.Metadata.Annotations?.GetValueOrDefault(McsLabels.GatewayPortsAnnotation));
            listen = ports.GetValueOrDefault(80);
            return listen != 0;
        })).Should().BeTrue("the hub allocates a listen port for demo/web:80");
        listen.Should().BeInRange(GatewayPorts.MinPort, GatewayPorts.MaxPort);

        // West's derived slice of east's endpoints (west exports none): one endpoint at west's own gateway, on the listen port.
        EndpointSlice? imported = null;
        (await Eventually(async () =>
        {
            var slices = await west.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = $"{McsLabels.ServiceName}=web" });
            imported = slices.Items.FirstOrDefault(s => s.Endpoints.Length > 0);
            return imported is not null;
        })).Should().BeTrue("west imports east's endpoints through its gateway; west has {0}; the hub {1}",
            string.Join("; ", (await west.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "demo" })).Items.Select(s => $"{s.Metadata.Name} {string.Join(",", s.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty)} endpoints {s.Endpoints.Length} ports {string.Join(",", (s.Ports ?? []).Select(p => p.Port))}")),
            string.Join("; ", (await bed.Hub.Resource<EndpointSlice>().ListAsync()).Items.Select(s => $"{s.Metadata.Namespace}/{s.Metadata.Name} endpoints {s.Endpoints.Length}")));
        imported!.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.97.0.10");
        imported.Ports!.Value.Should().ContainSingle().Which.Port.Should().Be(listen);
        (await west.Resource<ServiceImport>().GetAsync("demo", "web"))!.Metadata.Annotations.Should().Contain(McsLabels.GatewayPortsAnnotation, $"80={listen}");
        (await Eventually(async () => (await bed.Hub.Resource<ManagedCluster>().GetAsync(null, "east"))?.Status?.Gateway?.Address == "192.0.2.10"))
            .Should().BeTrue("east's agent reports its gateway");

        // West's east-west gateway view, from the hub's xDS server: the outbound listener on the listen port, and
        // east's gateway among the peers.
        var outbound = $"outbound|{listen}|web.demo.svc.clusterset.local:80";
        Listener? found = null;
        Listener? tunnel = null;
        (await Eventually(async () =>
        {
            var listeners = await ListenersAsync(HubHost.XdsAddress(hubHost), "west");
            found = listeners.FirstOrDefault(l => l.Name == outbound);
            tunnel = listeners.FirstOrDefault(l => l.Name == "east-west-gateway");
            return found is not null && tunnel?.Metadata?.FilterMetadata.ContainsKey("tdcc.io/peers") == true
                && tunnel.Metadata.FilterMetadata["tdcc.io/peers"].Fields.ContainsKey("east")
                && tunnel.Metadata.FilterMetadata["tdcc.io/peers"].Fields["east"].StructValue.Fields["address"].StringValue == "192.0.2.10";
        })).Should().BeTrue($"west's gateway view holds {outbound} and east's gateway as a peer");
        found!.Address.SocketAddress.PortValue.Should().Be((uint)listen);
        found.FilterChains.Single().Filters.Single().Name.Should().Be("envoy.filters.network.tcp_proxy", "no appProtocol: TCP");

        // Its outbound load assignment: east (the only server) as one endpoint, east's gateway, weighted by east's two pods.
        var assignment = (await ResourcesAsync(HubHost.XdsAddress(hubHost), "west", TypeUrls.ClusterLoadAssignment, ["outbound|80|web.demo.svc.clusterset.local"]))
            .Select(any => any.Unpack<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>()).Single();
        var serving = assignment.Endpoints.Should().ContainSingle().Subject;
        serving.Locality.SubZone.Should().Be("east");
        var peer = serving.LbEndpoints.Should().ContainSingle().Subject;
        (peer.Endpoint.Address.SocketAddress.Address, peer.Endpoint.Address.SocketAddress.PortValue, peer.LoadBalancingWeight.GetValueOrDefault())
            .Should().Be(("192.0.2.10", 15443u, 2u));
    }

    [Fact]
    public async Task XdsChannel_GatewayNode_ServedOnlyWithItsOwnClustersHubToken()
    {
        var hubHost = await bed.StartHubAsync("hub-0");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        await StartAgentAsync("east", token, gatewayAddress: "192.0.2.10", localAddress: "10.96.0.10");
        await StartAgentAsync("west", token, gatewayAddress: "198.51.100.20", localAddress: "10.97.0.10");
        var xds = HubHost.XdsAddress(hubHost);
        var eastToken = await HubTokenAsync("east");

        (await ResourcesAsync(xds, "east", TypeUrls.Listener, [], eastToken)).Should().NotBeEmpty("east's gateway with east's hub token is served");
        var none = await FluentActions.Awaiting(() => ResourcesAsync(xds, "east", TypeUrls.Listener, [], bearer: null)).Should().ThrowAsync<Tdcc.Mesh.Grpc.Status.RpcException>();
        none.Which.StatusCode.Should().Be(Tdcc.Mesh.Grpc.Status.StatusCode.Unauthenticated);
        none.Which.Status.Detail.Should().Contain("must present its cluster's hub token");
        var other = await FluentActions.Awaiting(() => ResourcesAsync(xds, "west", TypeUrls.Listener, [], eastToken)).Should().ThrowAsync<Tdcc.Mesh.Grpc.Status.RpcException>();
        other.Which.StatusCode.Should().Be(Tdcc.Mesh.Grpc.Status.StatusCode.PermissionDenied);
        other.Which.Status.Detail.Should().Contain("is not cluster west's hub token");
        var stranger = await FluentActions.Awaiting(() => ResourcesAsync(xds, "north", TypeUrls.Listener, [], eastToken)).Should().ThrowAsync<Tdcc.Mesh.Grpc.Status.RpcException>();
        stranger.Which.StatusCode.Should().Be(Tdcc.Mesh.Grpc.Status.StatusCode.PermissionDenied);
        stranger.Which.Status.Detail.Should().Contain("cluster north is not a member of the clusterset");
    }

    private async Task<string> HubTokenAsync(string cluster) =>
        (await bed.Hub.Resource<Secret>().GetAsync(ClustersApi.ClusterNamespace(cluster), ClustersApi.AgentTokenSecret))?.DecodedValue("token")
        ?? throw new InvalidOperationException($"no hub token for {cluster}");

    private async Task<IReadOnlyList<Listener>> ListenersAsync(Uri xds, string cluster) =>
        [.. (await ResourcesAsync(xds, cluster, TypeUrls.Listener, [], await HubTokenAsync(cluster))).Select(any => any.Unpack<Listener>())];

    private async Task<IReadOnlyList<Any>> ResourcesAsync(Uri xds, string cluster, string typeUrl, IEnumerable<string> names) =>
        await ResourcesAsync(xds, cluster, typeUrl, names, await HubTokenAsync(cluster));

    /// <summary>One SotW exchange as <paramref name="cluster"/>'s east-west gateway: the resources of one type (all, or the named ones).</summary>
    private static async Task<IReadOnlyList<Any>> ResourcesAsync(Uri xds, string cluster, string typeUrl, IEnumerable<string> names, string? bearer)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var channel = GrpcChannel.ForAddress(xds);
        var options = bearer is null ? null : new GrpcCallOptions { Headers = [new KeyValuePair<string, string>("authorization", "Bearer " + bearer)] };
        using var call = channel.DuplexStreaming(new GrpcMethod<DiscoveryRequest, DiscoveryResponse>(XdsMethods.StreamAggregatedResources), options, cancel.Token);
        var node = new Envoy.Config.Core.V3.Node { Id = cluster + "-gateway", Cluster = cluster, Metadata = new Struct { Fields = { [NodeRoles.MetadataKey] = Value.ForString(NodeRoles.EastWestGateway) } } };
        await call.RequestStream.WriteAsync(new DiscoveryRequest { TypeUrl = typeUrl, Node = node, ResourceNames = { names } });
        if (!await call.ResponseStream.MoveNextAsync(cancel.Token))
        {
            return [];
        }

        return [.. call.ResponseStream.Current.Resources];
    }

    private async Task<KubeClient> StartAgentAsync(string name, string token, string gatewayAddress, string localAddress) =>
        (await bed.StartAgentAsync(name, token, Timeout, options => options with
        {
            ClusterId = name,
            GatewayAddress = gatewayAddress,
            AddressingMode = EndpointAddressingMode.Gateway,
            GatewayLocalAddress = localAddress,
        })).Member;

    private static async Task<bool> Eventually(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
