using System.Diagnostics;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Xds.Tests.Translation;

public sealed class NodeGroupTranslatorTests(ITestOutputHelper output)
{
    private static readonly string[] Members = ["east", "west"];

    [Fact]
    public void Translate_TwoMembers_ProxylessGatewayAndIstiodGroupsPerMember()
    {
        var snapshots = NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), Members);

        snapshots.Keys.Should().BeEquivalentTo(
            "east", "east-west-gateway/east", "ingress-gateway/east", "istiod/east",
            "west", "east-west-gateway/west", "ingress-gateway/west", "istiod/west");
        snapshots["istiod/east"].IstioTypes.Should().Equal(
            "networking.istio.io/v1alpha3/DestinationRule", "networking.istio.io/v1alpha3/ServiceEntry", "networking.istio.io/v1alpha3/WorkloadEntry");
        snapshots.Values.Should().OnlyContain(snapshot => snapshot.Consistent().IsConsistent);
        snapshots["east-west-gateway/east"].Get(TypeUrls.Listener).Items.Keys.Should().Equal("east-west-gateway");
        snapshots["ingress-gateway/west"].Get(TypeUrls.Listener).Items.Keys.Should().Equal("ingress-gateway");
    }

    [Fact]
    public void Translate_ProxylessGroups_TranslatePerClusterPlusServerListeners()
    {
        var model = GatewayModels.ClusterSet();

        var groups = NodeGroupTranslator.Translate(model, Members);
        var perCluster = ClusterSetTranslator.TranslatePerCluster(model, Members);

        foreach (var cluster in Members)
        {
            foreach (var type in TypeUrls.PushOrder.Where(type => type != TypeUrls.Listener))
            {
                groups[cluster].GetVersion(type).Should().Be(perCluster[cluster].GetVersion(type), $"{TypeUrls.ShortName(type)} of {cluster}");
            }

            var listeners = groups[cluster].Get(TypeUrls.Listener).Items;
            foreach (var (name, resource) in perCluster[cluster].Get(TypeUrls.Listener).Items)
            {
                listeners[name].Version.Should().Be(resource.Version);
            }

            listeners.Keys.Except(perCluster[cluster].Get(TypeUrls.Listener).Items.Keys)
                .Should().NotBeEmpty().And.OnlyContain(name => name.StartsWith("grpc/server/xds/listening_address/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Translate_Twice_SameVersionsEverywhere()
    {
        var first = NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), Members);
        var second = NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), Members.Reverse());

        foreach (var (group, snapshot) in first)
        {
            foreach (var type in TypeUrls.PushOrder)
            {
                second[group].GetVersion(type).Should().Be(snapshot.GetVersion(type));
            }
        }
    }

    [Fact]
    public void Translate_OneEndpointChanges_OnlyThatClustersViewsChange()
    {
        var before = NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), Members);
        var model = GatewayModels.ClusterSet();
        var changed = model with
        {
            Endpoints = [.. model.Endpoints.Select(set => set.SourceCluster == "west" && set.Service == "web" ? set with { Endpoints = [new EndpointModel(["10.1.0.3"])] } : set)],
        };

        var after = NodeGroupTranslator.Translate(changed, Members);

        after["east-west-gateway/east"].GetVersion(TypeUrls.ClusterLoadAssignment).Should().Be(before["east-west-gateway/east"].GetVersion(TypeUrls.ClusterLoadAssignment));
        after["east-west-gateway/west"].GetVersion(TypeUrls.ClusterLoadAssignment).Should().NotBe(before["east-west-gateway/west"].GetVersion(TypeUrls.ClusterLoadAssignment));
        after["ingress-gateway/east"].GetVersion(TypeUrls.Listener).Should().Be(before["ingress-gateway/east"].GetVersion(TypeUrls.Listener));
        after["east"].GetVersion(TypeUrls.Listener).Should().Be(before["east"].GetVersion(TypeUrls.Listener), "east's server listeners did not change");
        after["west"].GetVersion(TypeUrls.Listener).Should().NotBe(before["west"].GetVersion(TypeUrls.Listener), "west's server listener moved to 10.1.0.3");
    }

    [Fact]
    public void Translate_SharedResources_SerializedOnce()
    {
        var snapshots = NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), Members);

        Item(snapshots["ingress-gateway/east"], TypeUrls.Cluster, GatewayModels.EchoGrpc)
            .Should().BeSameAs(Item(snapshots["ingress-gateway/west"], TypeUrls.Cluster, GatewayModels.EchoGrpc));
        Item(snapshots["ingress-gateway/east"], TypeUrls.ClusterLoadAssignment, GatewayModels.EchoGrpc)
            .Should().BeSameAs(Item(snapshots["east"], TypeUrls.ClusterLoadAssignment, GatewayModels.EchoGrpc));
        Item(snapshots["east"], TypeUrls.Cluster, GatewayModels.EchoGrpc)
            .Should().BeSameAs(Item(snapshots["west"], TypeUrls.Cluster, GatewayModels.EchoGrpc));
        Item(snapshots["ingress-gateway/east"], TypeUrls.Cluster, GatewayModels.EchoGrpc).Version
            .Should().NotBe(Item(snapshots["east"], TypeUrls.Cluster, GatewayModels.EchoGrpc).Version, "the ingress cluster carries HTTP/2 options");
    }

    [Fact]
    public void Translate_ExtraResources_AddedToTheirGroupOnly()
    {
        var secret = new Secret { Name = SecretNames.GatewayCertificate("east"), TlsCertificate = new TlsCertificate() };

        var snapshots = NodeGroupTranslator.Translate(
            GatewayModels.ClusterSet(),
            Members,
            extraResources: view => view is { Role: NodeRoles.EastWestGateway, Cluster: "east" } ? [XdsResource.Create(secret)] : []);

        snapshots["east-west-gateway/east"].Get(TypeUrls.Secret).Items.Keys.Should().Equal("tdcc-mesh/gateway/east");
        snapshots.Where(pair => pair.Key != "east-west-gateway/east").Should().OnlyContain(pair => pair.Value.Get(TypeUrls.Secret).Items.Count == 0);
    }

    [Fact]
    public void NodeView_Group_MatchesTheNodeHash()
    {
        foreach (var role in new string?[] { null, NodeRoles.EastWestGateway, NodeRoles.IngressGateway })
        {
            var node = new Envoy.Config.Core.V3.Node { Id = "n", Cluster = "east" };
            if (role is not null)
            {
                node.Metadata = new Google.Protobuf.WellKnownTypes.Struct { Fields = { [NodeRoles.MetadataKey] = Google.Protobuf.WellKnownTypes.Value.ForString(role) } };
            }

            NodeHashes.ByClusterAndRole.GetGroup(node).Should().Be(new NodeView("east", role).Group);
        }
    }

    [Fact]
    public void Translate_ThousandServices_SizesStayBounded()
    {
        // 1,000 services with one gRPC port, 3 ready endpoints in each of 3 clusters.
        string[] clusters = ["east", "west", "edge"];
        var services = Enumerable.Range(0, 1000).Select(i => new ServiceModel("demo", $"svc-{i:D4}", [new ServicePortModel("grpc", 9090, AppProtocol: "grpc")])).ToList();
        var endpoints = services
            .SelectMany((service, i) => clusters.Select((cluster, c) => new ServiceEndpointsModel(
                cluster,
                "demo",
                service.Name,
                [new EndpointPortModel("grpc", 50051)],
                [.. Enumerable.Range(i * 3, 3).Select(n => new EndpointModel([$"10.{c}.{n / 256}.{n % 256}"]))])))
            .ToList();
        var model = new ClusterSetModel(services, endpoints, [.. clusters.Select(cluster => new ClusterLocalityModel(cluster, cluster, cluster + "-a"))]);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var snapshots = NodeGroupTranslator.Translate(model, clusters);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        var east = snapshots["east"].Get(TypeUrls.Listener).Items.Values;
        var server = east.Where(resource => resource.Name.StartsWith("grpc/server/", StringComparison.Ordinal)).ToList();
        server.Should().HaveCount(3000, "one per ready east endpoint address and port");
        var serverBytes = server.Sum(resource => resource.Packed.Value.Length);
        var groupBytes = snapshots.ToDictionary(pair => pair.Key, pair => pair.Value.Sets.Sum(set => set.Items.Values.Sum(resource => (long)resource.Packed.Value.Length)));
        output.WriteLine($"translate: {watch.ElapsedMilliseconds} ms, {allocated / 1024 / 1024} MiB allocated");
        output.WriteLine($"server listeners (east): {server.Count}, {serverBytes / 1024} KiB, {serverBytes / server.Count} B each");
        foreach (var (group, bytes) in groupBytes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{group}: {bytes / 1024} KiB of resources");
        }

        (serverBytes / server.Count).Should().BeLessThan(450, "a server listener is a few hundred bytes");
        groupBytes.Values.Should().OnlyContain(bytes => bytes < 4L * 1024 * 1024, "no group's resources reach 4 MiB at 1,000 services");
        allocated.Should().BeLessThan(1024L * 1024 * 1024, "building all 9 groups stays well under 1 GiB of allocations");
        snapshots.Values.Should().OnlyContain(snapshot => snapshot.Consistent().IsConsistent);
        Listener.Parser.ParseFrom(server[0].Packed.Value).DefaultFilterChain.Should().NotBeNull();
    }

    private static XdsResource Item(Snapshot snapshot, string type, string name) => snapshot.Get(type).Items[name];
}
