using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Crds;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Ownership;

namespace Tdcc.Mesh.GatewayApi.Tests.Crds;

public sealed class GatewayApiCrdsTests
{
    [Theory]
    [InlineData(GatewayApiCrds.GrpcRoutes, "grpcroutes.gateway.networking.k8s.io", "GRPCRoute", "grpcroutes.gateway.networking.k8s.io.yaml")]
    [InlineData(GatewayApiCrds.HttpRoutes, "httproutes.gateway.networking.k8s.io", "HTTPRoute", "httproutes.gateway.networking.k8s.io.yaml")]
    public void Read_EmbeddedManifest_IsTheV1CrdAndMatchesTheChartCopy(string manifest, string name, string kind, string chart)
    {
        var crd = YamlToJson.ConvertObject(GatewayApiCrds.Read(manifest));

        ((string?)crd["metadata"]!["name"]).Should().Be(name);
        var spec = crd["spec"]!.AsObject();
        ((string?)spec["group"]).Should().Be("gateway.networking.k8s.io");
        ((string?)spec["names"]!["kind"]).Should().Be(kind);
        spec["names"]!["categories"]!.AsArray().Select(c => (string?)c).Should().Equal("gateway-api");
        var version = spec["versions"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)version["name"]).Should().Be("v1");
        version["served"]!.GetValue<bool>().Should().BeTrue();
        version["storage"]!.GetValue<bool>().Should().BeTrue();
        version["subresources"]!["status"].Should().BeOfType<JsonObject>();
        version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal("Hostnames", "Age");
        GatewayApiCrds.Read(manifest).Should().Be(File.ReadAllText(Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "charts", "tdcc-mesh", "crds", chart)));
    }

    [Fact]
    public async Task Create_ValidRoutes_AcceptedWithDefaultsAndStatusWritable()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "routes" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, FieldManagers.GatewayApi).InstallAsync(GatewayApiCrds.ReadHub());
        await new CrdInstaller(client, FieldManagers.GatewayApi).InstallAsync(GatewayApiCrds.ReadHub());

        var grpc = await client.Resource<GrpcRoute>().CreateAsync(Parse("""
            metadata: {name: canary, namespace: default}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
              rules:
              - matches: [{method: {service: tdcc.echo.v1.Echo}, headers: [{name: x-version, value: v2}]}]
                backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo-v2, port: 9090}]
              - backendRefs: [{name: echo, port: 9090}]
            """, GatewayApiJsonContext.Default.GrpcRoute));
        var http = await client.Resource<HttpRoute>().CreateAsync(Parse("""
            metadata: {name: split, namespace: default}
            spec:
              parentRefs: [{group: "", kind: Service, name: echo, port: 8080}]
              rules:
              - matches: [{headers: [{name: x-canary, value: "yes"}]}]
                backendRefs: [{name: echo-v2, port: 8080, weight: 90}, {name: echo, port: 8080}]
                timeouts: {request: 10s}
            """, GatewayApiJsonContext.Default.HttpRoute));

        grpc.Spec!.Rules!.Value[0].Matches!.Value[0].Method!.Type.Should().Be("Exact");
        grpc.Spec.Rules.Value[0].Matches!.Value[0].Headers!.Value[0].Type.Should().Be("Exact");
        grpc.Spec.Rules.Value[1].BackendRefs!.Value[0].Weight.Should().Be(1);
        http.Spec!.Rules!.Value[0].Matches!.Value[0].Path.Should().Be(new HttpPathMatch { Type = "PathPrefix", Value = "/" });
        http.Spec.Rules.Value[0].BackendRefs!.Value.Select(b => (b.Weight, b.Kind)).Should().Equal((90, "Service"), (1, "Service"));
        var status = new RouteStatus
        {
            Parents = [new RouteParentStatus { ParentRef = grpc.Spec.ParentRefs!.Value[0], ControllerName = "tdcc-mesh.io/mesh-controller", Conditions = [new Condition { Type = "Accepted", Status = "True", Reason = "Accepted", Message = "ok", LastTransitionTime = DateTimeOffset.UnixEpoch }] }],
        };
        var updated = await client.Resource<GrpcRoute>().UpdateStatusAsync(grpc with { Status = status });
        updated.Status!.Parents.Single().Conditions.Single().Reason.Should().Be("Accepted");
    }

    [Theory]
    [InlineData(GatewayApiCrds.GatewayClasses, "gatewayclasses.gateway.networking.k8s.io", "GatewayClass", "v1", "Cluster")]
    [InlineData(GatewayApiCrds.Gateways, "gateways.gateway.networking.k8s.io", "Gateway", "v1", "Namespaced")]
    [InlineData(GatewayApiCrds.ReferenceGrants, "referencegrants.gateway.networking.k8s.io", "ReferenceGrant", "v1beta1", "Namespaced")]
    public void Read_IngressManifest_IsTheStandardVersionAndMatchesTheChartCopy(string manifest, string name, string kind, string version, string scope)
    {
        var crd = YamlToJson.ConvertObject(GatewayApiCrds.Read(manifest));

        ((string?)crd["metadata"]!["name"]).Should().Be(name);
        var spec = crd["spec"]!.AsObject();
        ((string?)spec["group"]).Should().Be("gateway.networking.k8s.io");
        ((string?)spec["scope"]).Should().Be(scope);
        ((string?)spec["names"]!["kind"]).Should().Be(kind);
        ((string?)spec["versions"]!.AsArray().Should().ContainSingle().Subject!["name"]).Should().Be(version);
        GatewayApiCrds.Ingress.Should().Contain(manifest);
        GatewayApiCrds.Read(manifest).Should().Be(File.ReadAllText(Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "charts", "tdcc-mesh", "crds", name + ".yaml")));
    }

    [Fact]
    public async Task Create_IngressKinds_AcceptedWithDefaultsAndStatusWritable()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "ingress" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, FieldManagers.GatewayApi).InstallAsync(GatewayApiCrds.Ingress.Select(GatewayApiCrds.Read));

        var gatewayClass = await client.Resource<GatewayClass>().CreateAsync(Parse("""
            metadata: {name: tdcc}
            spec: {controllerName: tdcc.io/gateway-controller}
            """, GatewayApiJsonContext.Default.GatewayClass));
        var gateway = await client.Resource<Gateway>().CreateAsync(Parse("""
            metadata: {name: web, namespace: default}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: http, port: 80, protocol: HTTP}
              - name: https
                port: 443
                protocol: HTTPS
                hostname: "*.example.com"
                tls: {certificateRefs: [{name: cert}]}
                allowedRoutes: {namespaces: {from: All}, kinds: [{kind: HTTPRoute}]}
            """, GatewayApiJsonContext.Default.Gateway));
        var grant = await client.Resource<ReferenceGrant>().CreateAsync(Parse("""
            metadata: {name: routes-to-services, namespace: kube-system}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
              to: [{group: "", kind: Service}]
            """, GatewayApiJsonContext.Default.ReferenceGrant));

        gatewayClass.Metadata.Namespace.Should().BeNullOrEmpty();
        gateway.Spec!.Listeners[0].AllowedRoutes!.Namespaces!.From.Should().Be("Same");
        gateway.Spec.Listeners[1].Tls!.Mode.Should().Be("Terminate");
        gateway.Spec.Listeners[1].Tls!.CertificateRefs!.Value[0].Should().Match<SecretObjectReference>(r => r.Kind == "Secret" && r.Group == "");
        gateway.Spec.Listeners[1].AllowedRoutes!.Kinds!.Value[0].Group.Should().Be("gateway.networking.k8s.io");
        grant.Spec!.To.Single().Kind.Should().Be("Service");
        var accepted = new Condition { Type = "Accepted", Status = "True", Reason = "Accepted", Message = "ok", LastTransitionTime = DateTimeOffset.UnixEpoch, ObservedGeneration = 1 };
        (await client.Resource<GatewayClass>().UpdateStatusAsync(gatewayClass with { Status = new GatewayClassStatus { Conditions = [accepted] } }))
            .Status!.Conditions.Single().Reason.Should().Be("Accepted");
        var status = new GatewayStatus
        {
            Addresses = [new GatewayStatusAddress { Type = "IPAddress", Value = "10.0.0.1" }],
            Conditions = [accepted],
            Listeners = [new ListenerStatus { Name = "http", AttachedRoutes = 0, SupportedKinds = [new RouteGroupKind { Group = "gateway.networking.k8s.io", Kind = "HTTPRoute" }], Conditions = [accepted] }],
        };
        (await client.Resource<Gateway>().UpdateStatusAsync(gateway with { Status = status })).Status!.Listeners!.Value.Single().SupportedKinds.Single().Kind.Should().Be("HTTPRoute");
    }

    [Theory]
    [InlineData("{name: Bad_Name, port: 80, protocol: HTTP}", "spec.listeners[0].name")]
    [InlineData("{name: http, port: 0, protocol: HTTP}", "spec.listeners[0].port")]
    [InlineData("{name: http, port: 80, protocol: HTTP, hostname: \"*.*.example.com\"}", "spec.listeners[0].hostname")]
    public async Task Create_StructurallyInvalidGateway_RejectedNamingTheField(string listener, string field)
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "ingress" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, FieldManagers.GatewayApi).InstallAsync(GatewayApiCrds.Ingress.Select(GatewayApiCrds.Read));
        var gateway = YamlToJson.ConvertObject($$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: bad, namespace: default}
            spec: {gatewayClassName: tdcc, listeners: [{{listener}}]}
            """);

        var create = () => client.Resource(Gateway.Resource).CreateAsync(new GenericObject(gateway));

        var error = (await create.Should().ThrowAsync<Tdcc.Mesh.Kube.Client.KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.Message.Should().Contain(field);
    }

    [Theory]
    [InlineData("{path: {type: Glob, value: /x}}", "spec.rules[0].matches[0].path.type")]
    [InlineData("{headers: [{name: x-a}]}", "spec.rules[0].matches[0].headers[0].value")]
    [InlineData("{method: SHOUT}", "spec.rules[0].matches[0].method")]
    public async Task Create_StructurallyInvalidHttpRoute_RejectedNamingTheField(string match, string field)
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "routes" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, FieldManagers.GatewayApi).InstallAsync(GatewayApiCrds.ReadHub());
        var route = YamlToJson.ConvertObject($$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: bad, namespace: default}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo}]
              rules: [{matches: [{{match}}]}]
            """);

        var create = () => client.Resource(HttpRoute.Resource).CreateAsync(new GenericObject(route));

        var error = (await create.Should().ThrowAsync<Tdcc.Mesh.Kube.Client.KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.Message.Should().Contain(field);
    }

    private static T Parse<T>(string yaml, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(YamlToJson.ConvertObject(yaml).ToJsonString(), info)!;
}
