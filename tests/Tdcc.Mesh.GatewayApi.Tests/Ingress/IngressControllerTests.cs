using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Ingress;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Crds;
using Tdcc.Mesh.MeshModel.Ingress;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.GatewayApi.Tests.Ingress;

/// <summary>The ingress controller against a real API server: statuses read back over HTTP, the configuration it hands the data path.</summary>
public sealed class IngressControllerTests : IAsyncLifetime
{
    private KubeApiServer server = null!;
    private KubeClient client = null!;

    public async Task InitializeAsync()
    {
        server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "member" });
        client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, FieldManagers.Mcs).InstallAsync([McsCrds.Read(McsCrds.ServiceImports)]);
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        await Create<Service>("""
            metadata: {name: web, namespace: demo}
            spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
            """);
        await Create<EndpointSlice>("""
            metadata: {name: web-1, namespace: demo, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            endpoints: [{addresses: [10.1.0.5], conditions: {ready: true}}]
            ports: [{name: http, port: 8080, protocol: TCP}]
            """);
        await Create<ServiceImport>("""
            metadata: {name: echo, namespace: demo}
            spec: {type: ClusterSetIP, ips: [241.0.0.7], ports: [{name: http, port: 80, protocol: TCP}]}
            """);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_HttpRouteSplittingServiceAndServiceImport_StatusesWrittenAndConfigurationServed()
    {
        await using var controller = await IngressController.StartAsync(
            client,
            new IngressControllerOptions { Addresses = ["192.0.2.44"], InstallCrds = true },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        controller.Current.Listeners.Should().BeEmpty();
        var changes = 0;
        controller.Changed += (_, _) => Interlocked.Increment(ref changes);

        var (gateway, route) = await CreateSplitAsync();

        var parent = route.Status!.Parents.Single();
        parent.ControllerName.Should().Be("tdcc.io/gateway-controller");
        parent.ParentRef.Name.Should().Be("ingress");
        parent.Conditions.Select(c => (c.Type, c.Status, c.Reason, c.ObservedGeneration)).Should().Equal(("Accepted", "True", "Accepted", 1L), ("ResolvedRefs", "True", "ResolvedRefs", 1L));
        gateway.Status!.Conditions.Select(c => (c.Type, c.Status)).Should().Equal(("Accepted", "True"), ("Programmed", "True"));
        gateway.Status.Addresses!.Value.Single().Value.Should().Be("192.0.2.44");
        var gatewayClass = await client.Resource<GatewayClass>().GetAsync(null, "tdcc");
        gatewayClass!.Status!.Conditions.Single().Should().Match<Condition>(c => c.Type == "Accepted" && c.Status == "True");

        await Eventually.TrueAsync(() => controller.Current.Listeners.SingleOrDefault()?.Rules.Length == 1);
        var listener = controller.Current.Listeners.Single();
        (listener.Gateway, listener.Name, listener.Port, listener.Hostname).Should().Be(("demo/ingress", "http", 8081, "*.example.com"));
        var rule = listener.Rules.Single();
        rule.Hostnames.Should().Equal("shop.example.com");
        rule.Backends.Select(b => (b.Kind, b.Name, b.Port, b.Weight, string.Join(",", b.Endpoints))).Should().Equal(
            (IngressBackendKind.Service, "web", 80, 80, "10.1.0.5:8080"),
            (IngressBackendKind.ServiceImport, "echo", 80, 20, string.Empty));
        changes.Should().BeGreaterThan(0);

        // An endpoint change reaches the configuration; the statuses do not change, so they are not rewritten.
        var resourceVersion = route.Metadata.ResourceVersion;
        var slice = await client.Resource<EndpointSlice>().GetAsync("demo", "web-1");
        await client.Resource<EndpointSlice>().UpdateAsync(slice! with { Endpoints = [new Endpoint { Addresses = ["10.1.0.6"], Conditions = new EndpointConditions { Ready = true } }] });
        await Eventually.TrueAsync(() => controller.Current.Listeners.Single().Rules.Single().Backends[0].Endpoints.SequenceEqual(["10.1.0.6:8080"]));
        (await client.Resource<HttpRoute>().GetAsync("demo", "split"))!.Metadata.ResourceVersion.Should().Be(resourceVersion);

        // A backend removed: ResolvedRefs turns False with BackendNotFound, its share answers 500.
        await client.Resource<ServiceImport>().DeleteAsync("demo", "echo");
        var broken = await Eventually.GetAsync(
            () => client.Resource<HttpRoute>().GetAsync("demo", "split"),
            r => r.Status!.Parents.Single().Conditions.Any(c => c.Type == "ResolvedRefs" && c.Status == "False"));
        broken.Status!.Parents.Single().Conditions.Single(c => c.Type == "ResolvedRefs").Reason.Should().Be("BackendNotFound");
        await Eventually.TrueAsync(() => controller.Current.Listeners.Single().Rules.Single().Backends[1].Kind == IngressBackendKind.Invalid);
    }

    [Fact]
    public async Task StartAsync_RouteFromANamespaceTheListenerRefuses_NotAllowedByListenersWrittenAndNothingServed()
    {
        await using var controller = await IngressController.StartAsync(
            client,
            new IngressControllerOptions { InstallCrds = true },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "elsewhere" } });
        await Create<GatewayClass>("""
            metadata: {name: tdcc}
            spec: {controllerName: tdcc.io/gateway-controller}
            """);
        await Create<Gateway>("""
            metadata: {name: ingress, namespace: demo}
            spec: {gatewayClassName: tdcc, listeners: [{name: http, port: 8082, protocol: HTTP}]}
            """);
        await Create<HttpRoute>("""
            metadata: {name: outsider, namespace: elsewhere}
            spec:
              parentRefs: [{name: ingress, namespace: demo}]
              rules: [{backendRefs: [{name: web, namespace: demo, port: 80}]}]
            """);

        var route = await Eventually.GetAsync(
            () => client.Resource<HttpRoute>().GetAsync("elsewhere", "outsider"),
            r => r.Status?.Parents.Length == 1);

        route.Status!.Parents.Single().Conditions.Select(c => (c.Type, c.Status, c.Reason)).Should().Equal(
            ("Accepted", "False", "NotAllowedByListeners"), ("ResolvedRefs", "False", "RefNotPermitted"));
        await Eventually.TrueAsync(() => controller.Current.Listeners.Length == 1);
        controller.Current.Listeners.Single().Rules.Should().BeEmpty();
    }

    [Fact]
    public async Task StartAsync_GatewayApiCrdsMissingAndNotInstalled_GivesUpWhenTheTokenFires()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var start = () => IngressController.StartAsync(client, new IngressControllerOptions(), NullLoggerFactory.Instance, TimeProvider.System, timeout.Token);

        await start.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task StartAsync_HttpsListenersWithTlsAndOpaqueSecrets_OnlyTheTlsSecretIsReadAndServed()
    {
        await using var controller = await IngressController.StartAsync(
            client,
            new IngressControllerOptions { InstallCrds = true },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        await Create<Secret>(TestIngress.TlsSecret("demo", "shop-tls", "shop.example.com"));
        await Create<Secret>(TestIngress.TlsSecret("demo", "shop-opaque", "shop.example.com").Replace("type: kubernetes.io/tls", "type: Opaque", StringComparison.Ordinal));
        await Create<GatewayClass>("""
            metadata: {name: tdcc}
            spec: {controllerName: tdcc.io/gateway-controller}
            """);
        await Create<Gateway>("""
            metadata: {name: secure, namespace: demo}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: tls, port: 8443, protocol: HTTPS, hostname: shop.example.com, tls: {certificateRefs: [{name: shop-tls}]}}
              - {name: opaque, port: 8443, protocol: HTTPS, hostname: opaque.example.com, tls: {certificateRefs: [{name: shop-opaque}]}}
            """);

        var gateway = await Eventually.GetAsync(() => client.Resource<Gateway>().GetAsync("demo", "secure"), g => g.Status?.Listeners?.Length == 2);

        gateway.Status!.Listeners!.Value.Select(l => (l.Name, l.Conditions.Single(c => c.Type == "ResolvedRefs").Reason)).Should().Equal(
            ("tls", "ResolvedRefs"), ("opaque", "InvalidCertificateRef"));
        await Eventually.TrueAsync(() => controller.Current.Listeners.Length == 1);
        controller.Current.Listeners.Single().Certificates.Should().ContainSingle().Which.CertificateChainPem.Should().StartWith("-----BEGIN CERTIFICATE-----");
    }

    [PeerFact("node:@kubernetes-models/gateway-api")]
    [Trait("Peer", "node")]
    public async Task StartAsync_WrittenGatewayAndRoute_ValidAgainstTheUpstreamSchemas()
    {
        RequirePeer.Present("node:@kubernetes-models/gateway-api");
        await using var controller = await IngressController.StartAsync(
            client,
            new IngressControllerOptions { Addresses = ["192.0.2.44", "ingress.example.com"], InstallCrds = true },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        var (gateway, route) = await CreateSplitAsync();
        var gatewayClass = await client.Resource<GatewayClass>().GetAsync(null, "tdcc");

        var input = new JsonArray(
            Bare(gateway, GatewayApiJsonContext.Default.Gateway),
            Bare(route, GatewayApiJsonContext.Default.HttpRoute),
            Bare(gatewayClass!, GatewayApiJsonContext.Default.GatewayClass)).ToJsonString();
        var result = await PeerTools.RunAsync(
            PeerTools.FindExecutable("node")!,
            ["validate-gateway-routes.mjs"],
            standardInput: input,
            workingDirectory: Path.Combine(PeerTools.RepoRoot, "tests", "node"),
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.Should().Be(0, result.StandardOutput + result.StandardError);
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3).And.OnlyContain(line => line.Contains("\"ok\":true", StringComparison.Ordinal));
        gateway.Status!.Addresses!.Value.Select(a => a.Type).Should().Equal("IPAddress", "Hostname");
    }

    /// <summary>GatewayClass tdcc, Gateway demo/ingress (HTTP 8081, *.example.com), HTTPRoute demo/split (80% Service web, 20% ServiceImport echo); returns them once their statuses are written.</summary>
    private async Task<(Gateway Gateway, HttpRoute Route)> CreateSplitAsync()
    {
        await Create<GatewayClass>("""
            metadata: {name: tdcc}
            spec: {controllerName: tdcc.io/gateway-controller}
            """);
        await Create<Gateway>("""
            metadata: {name: ingress, namespace: demo}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: http, port: 8081, protocol: HTTP, hostname: "*.example.com"}]
            """);
        await Create<HttpRoute>("""
            metadata: {name: split, namespace: demo}
            spec:
              parentRefs: [{name: ingress}]
              hostnames: [shop.example.com]
              rules:
              - matches: [{path: {type: PathPrefix, value: /shop}}]
                backendRefs:
                - {name: web, port: 80, weight: 80}
                - {group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 80, weight: 20}
            """);
        var route = await Eventually.GetAsync(
            () => client.Resource<HttpRoute>().GetAsync("demo", "split"),
            r => r.Status?.Parents.SingleOrDefault()?.Conditions.Length == 2);
        var gateway = await Eventually.GetAsync(
            () => client.Resource<Gateway>().GetAsync("demo", "ingress"),
            g => g.Status?.Listeners?.SingleOrDefault()?.AttachedRoutes == 1);
        return (gateway, route);
    }

    private async Task<T> Create<T>(string yaml)
        where T : class, IKubeObject<T> =>
        await client.Resource<T>().CreateAsync(JsonSerializer.Deserialize(YamlToJson.ConvertObject(yaml).ToJsonString(), T.JsonTypeInfo)!);

    /// <summary>The object as JSON with only name and namespace in its metadata (the models check metadata against ObjectMeta's schema, not the server's fields).</summary>
    private static JsonNode Bare<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class, IKubeObject<T> =>
        JsonNode.Parse(JsonSerializer.Serialize(value.WithMetadata(new ObjectMeta { Name = value.Metadata.Name, Namespace = value.Metadata.Namespace }), info))!;
}
