using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Controllers;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

public sealed class ServiceProxyReconcilerTests
{
    [Fact]
    public void Frontends_ServiceWithSlices_ReadyEndpointsOfTheSameNamedPort()
    {
        var service = Service("10.0.0.10", [Port("http", 80), Port("grpc", 9090)]);
        var slices = new[]
        {
            Slice("echo", [EndpointPort("http", 8080), EndpointPort("grpc", 9000)], ("100.65.1.1", true), ("100.65.1.2", false)),
            Slice("echo", [EndpointPort("http", 8080)], ("100.65.1.3", true)),
            Slice("other", [EndpointPort("http", 8080)], ("100.65.9.9", true)),
        };

        var frontends = ServiceProxyReconciler.Frontends(service, slices);

        frontends.Should().HaveCount(2);
        frontends[0].Endpoint.Should().Be(new IPEndPoint(IPAddress.Parse("10.0.0.10"), 80));
        frontends[0].Backends.Select(b => b.ToString()).Should().Equal("100.65.1.1:8080", "100.65.1.3:8080");
        frontends[1].Backends.Select(b => b.ToString()).Should().Equal("100.65.1.1:9000");
        frontends[0].AffinityTimeout.Should().BeNull();
    }

    [Fact]
    public void Frontends_ClientIpAffinity_TimeoutFromConfigOrKubeDefault()
    {
        using var config = JsonDocument.Parse("""{"clientIP":{"timeoutSeconds":60}}""");
        var withConfig = Service("10.0.0.10", [Port("http", 80)]) is var s ? s with { Spec = s.Spec! with { SessionAffinity = "ClientIP", SessionAffinityConfig = config.RootElement.Clone() } } : null;
        var withoutConfig = Service("10.0.0.10", [Port("http", 80)]) is var t ? t with { Spec = t.Spec! with { SessionAffinity = "ClientIP" } } : null;

        ServiceProxyReconciler.Frontends(withConfig!, [])[0].AffinityTimeout.Should().Be(TimeSpan.FromSeconds(60));
        ServiceProxyReconciler.Frontends(withoutConfig!, [])[0].AffinityTimeout.Should().Be(TimeSpan.FromSeconds(10800));
    }

    [Theory]
    [InlineData("None")]
    [InlineData(null)]
    public void Frontends_HeadlessOrNoClusterIp_None(string? clusterIp)
    {
        ServiceProxyReconciler.Frontends(Service(clusterIp, [Port("http", 80)]), []).Should().BeEmpty();
    }

    [Fact]
    public void Frontends_UdpPort_NotProxied()
    {
        var service = Service("10.0.0.10", [Port("dns", 53) with { Protocol = "UDP" }]);

        ServiceProxyReconciler.Frontends(service, [Slice("echo", [EndpointPort("dns", 53) with { Protocol = "UDP" }], ("100.65.1.1", true))]).Should().BeEmpty();
    }

    [Fact]
    public void ServiceOf_SliceLabelledWithServiceName_ThatService()
    {
        ServiceProxyReconciler.ServiceOf(Slice("echo", [])).Should().Equal(new ObjectKey("demo", "echo"));
        ServiceProxyReconciler.ServiceOf(new EndpointSlice { Metadata = new ObjectMeta { Namespace = "demo", Name = "x" } }).Should().BeEmpty();
    }

    private static Service Service(string? clusterIp, ImmutableArray<ServicePort> ports) => new()
    {
        Metadata = new ObjectMeta { Namespace = "demo", Name = "echo" },
        Spec = new ServiceSpec { ClusterIP = clusterIp, Ports = ports },
    };

    private static ServicePort Port(string name, int port) => new() { Name = name, Port = port, Protocol = "TCP" };

    private static EndpointPort EndpointPort(string name, int port) => new() { Name = name, Port = port, Protocol = "TCP" };

    private static EndpointSlice Slice(string service, ImmutableArray<EndpointPort> ports, params (string Ip, bool Ready)[] endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = "demo",
            Name = service + "-" + Guid.NewGuid().ToString("N")[..5],
            Labels = ImmutableDictionary<string, string>.Empty.Add(EndpointSliceReconciler.ServiceNameLabel, service),
        },
        AddressType = "IPv4",
        Ports = ports,
        Endpoints = [.. endpoints.Select(e => new Endpoint { Addresses = [e.Ip], Conditions = new EndpointConditions { Ready = e.Ready } })],
    };
}
