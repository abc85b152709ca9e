using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.GatewayApi.Tests.Api;

/// <summary>The sample routes of docs/routing.md: valid upstream Gateway API objects, and accepted by our resolver.</summary>
public sealed partial class RoutingDocSamplesTests
{
    private static readonly IReadOnlyList<ClusterSetService> Demo =
    [
        new("demo", "echo", [new("http", 8080), new("grpc", 9090)]),
        new("demo", "echo-v2", [new("http", 8080), new("grpc", 9090)]),
    ];

    [Fact]
    public void Samples_GrpcAndHttpRoute_BothPresent()
    {
        Samples().Select(s => (string?)s["kind"]).Should().Equal("GRPCRoute", "HTTPRoute");
    }

    [PeerFact("node:@kubernetes-models/gateway-api")]
    [Trait("Peer", "node")]
    public async Task Samples_UpstreamSchemas_Valid()
    {
        RequirePeer.Present("node:@kubernetes-models/gateway-api");
        var input = new JsonArray([.. Samples()]).ToJsonString();

        var result = await PeerTools.RunAsync(
            PeerTools.FindExecutable("node")!,
            ["validate-gateway-routes.mjs"],
            standardInput: input,
            workingDirectory: Path.Combine(PeerTools.RepoRoot, "tests", "node"),
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.Should().Be(0, result.StandardOutput + result.StandardError);
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2).And.OnlyContain(line => line.Contains("\"ok\":true", StringComparison.Ordinal));
    }

    [Fact]
    public void Samples_Resolver_AcceptsThemWithResolvedRefs()
    {
        var samples = Samples();
        var grpc = JsonSerializer.Deserialize(samples[0].ToJsonString(), GatewayApiJsonContext.Default.GrpcRoute)!;
        var http = JsonSerializer.Deserialize(samples[1].ToJsonString(), GatewayApiJsonContext.Default.HttpRoute)!;

        var resolution = RouteResolver.Resolve([grpc], [http], Demo);

        resolution.Verdicts.SelectMany(v => v.Parents).SelectMany(p => p.Conditions).Should().OnlyContain(c => c.Status == "True");
        resolution.RoutesOf("demo", "echo")!.Select(p => (p.Port, p.Rules.Count)).Should().Equal((8080, 2), (9090, 2));
    }

    private static IReadOnlyList<JsonObject> Samples()
    {
        var doc = File.ReadAllText(Path.Combine(PeerTools.RepoRoot, "docs", "routing.md"));
        return [.. YamlBlock().Matches(doc).Select(m => YamlToJson.ConvertObject(m.Groups[1].Value)).Where(o => (string?)o["apiVersion"] == GatewayApiGroups.ApiVersion)];
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
