using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Ingress;
using Tdcc.Mesh.MeshModel.Ingress;
using Tdcc.Mesh.Testing;
using static Tdcc.Mesh.GatewayApi.Tests.Ingress.TestIngress;

namespace Tdcc.Mesh.GatewayApi.Tests.Ingress;

/// <summary>The samples of docs/ingress.md's control-plane half: valid upstream Gateway API objects, and resolved as the page says.</summary>
public sealed partial class IngressDocSamplesTests
{
    private const string Cluster = """
        kind: Namespace
        metadata: {name: demo}
        ---
        kind: Service
        metadata: {name: cart, namespace: demo}
        spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
        ---
        kind: EndpointSlice
        metadata: {name: cart-1, namespace: demo, labels: {kubernetes.io/service-name: cart}}
        addressType: IPv4
        endpoints: [{addresses: [10.3.0.1]}]
        ports: [{name: http, port: 8080}]
        ---
        kind: ServiceImport
        metadata: {name: cart-v2, namespace: demo}
        spec: {type: ClusterSetIP, ips: [241.0.0.3], ports: [{name: http, port: 80, protocol: TCP}]}
        """;

    [Fact]
    public void Samples_GatewayClassGatewayRouteAndGrant_AllPresent()
    {
        Samples().Select(s => (string?)s["kind"]).Should().Equal("GatewayClass", "Gateway", "HTTPRoute", "ReferenceGrant");
    }

    [PeerFact("node:@kubernetes-models/gateway-api")]
    [Trait("Peer", "node")]
    public async Task Samples_UpstreamSchemas_Valid()
    {
        RequirePeer.Present("node:@kubernetes-models/gateway-api");

        var result = await PeerTools.RunAsync(
            PeerTools.FindExecutable("node")!,
            ["validate-gateway-routes.mjs"],
            standardInput: new JsonArray([.. Samples()]).ToJsonString(),
            workingDirectory: Path.Combine(PeerTools.RepoRoot, "tests", "node"),
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.Should().Be(0, result.StandardOutput + result.StandardError);
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(4).And.OnlyContain(line => line.Contains("\"ok\":true", StringComparison.Ordinal));
    }

    [Fact]
    public void Samples_Resolver_RouteAcceptedOnBothListenersAndSplitNinetyTen()
    {
        var inputs = Inputs([Cluster, TlsSecret("demo", "shop-example-com", "shop.example.com"), .. Samples().Select(s => s.ToJsonString())]);

        var resolution = IngressResolver.Resolve(inputs, Options, Epoch);

        resolution.HttpRoutes.Single().Status!.Parents.Single().Conditions.Should().OnlyContain(c => c.Status == "True");
        resolution.Gateways.Single().Status!.Listeners!.Value.Select(l => (l.Name, l.AttachedRoutes)).Should().Equal(("http", 1), ("https", 1));
        resolution.Configuration.Listeners.Select(l => (l.Port, l.Protocol)).Should().Equal((8080, IngressProtocol.Http), (8443, IngressProtocol.Https));
        var rules = resolution.Configuration.Listeners[0].Rules;
        rules.Select(r => (r.Hostnames.Single(), r.Match.Path!.Value)).Should().Equal(("shop.example.com", "/login"), ("shop.example.com", "/cart"));
        rules[1].Backends.Select(b => (b.Kind, b.Name, b.Weight)).Should().Equal((IngressBackendKind.Service, "cart", 90), (IngressBackendKind.ServiceImport, "cart-v2", 10));
        rules[1].Backends[0].Endpoints.Should().Equal("10.3.0.1:8080");
    }

    private static IReadOnlyList<JsonObject> Samples()
    {
        var doc = File.ReadAllText(Path.Combine(PeerTools.RepoRoot, "docs", "ingress.md"));
        var start = doc.IndexOf("\n## Control plane", StringComparison.Ordinal);
        var end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? doc[start..] : doc[start..end];
        return [.. YamlBlock().Matches(section).Select(m => YamlToJson.ConvertObject(m.Groups[1].Value)).Where(o => ((string?)o["apiVersion"])?.StartsWith(GatewayApiGroups.Gateway + "/", StringComparison.Ordinal) == true)];
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
