using System.Text.Json.Nodes;
using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.ClientNode;

/// <summary>The core REST checks through @kubernetes/client-node 2.x (tests/node/client-node-check.mjs).</summary>
[Trait("Peer", "node")]
public sealed class ClientNodeTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private const string Peer = "node:@kubernetes/client-node";

    [PeerFact(Peer)]
    public async Task ClientNode_CrudPatchWatch_SeesKubeSemantics()
    {
        RequirePeer.Present(Peer);
        var ns = fixture.CreateNamespace("client-node");
        var other = fixture.CreateNamespace("client-node-other");
        fixture.Server.Store.CreateObject("v1", "configmaps", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "elsewhere", ["namespace"] = other, ["labels"] = new JsonObject { ["suite"] = "client-node" } },
        });
        var script = Path.Combine(PeerTools.RepoRoot, "tests", "node", "client-node-check.mjs");

        var run = await PeerTools.RunAsync("node", [script, fixture.KubeconfigPath, ns], workingDirectory: Path.GetDirectoryName(script), environment: fixture.Environment, timeout: TimeSpan.FromSeconds(60));

        run.ExitCode.Should().Be(0, run.ToString());
        var result = JsonNode.Parse(run.StandardOutput)!.AsObject();
        Strings(result["listNamespaced"]).Should().Equal("alpha", "beta");
        Strings(result["listAllNamespaces"]).Should().BeEquivalentTo($"{ns}/alpha", $"{ns}/beta", $"{other}/elsewhere");
        result["mergePatched"]!.ToJsonString().Should().Be("{\"key\":\"two\",\"extra\":\"x\"}");
        result["jsonPatched"]!.ToJsonString().Should().Be("{\"key\":\"two\"}");
        ((string?)result["replaced"]!["key"]).Should().Be("three");
        ((bool?)result["replaced"]!["resourceVersionChanged"]).Should().BeTrue();
        ((int?)result["staleReplace"]!["code"]).Should().Be(409);
        ((string?)result["staleReplace"]!["reason"]).Should().Be("Conflict");
        ((string?)result["staleReplace"]!["message"]).Should().Be("Operation cannot be fulfilled on configmaps \"alpha\": the object has been modified; please apply your changes to the latest version and try again");
        ((int?)result["readMissing"]!["code"]).Should().Be(404);
        ((string?)result["readMissing"]!["message"]).Should().Be("configmaps \"missing\" not found");
        Strings(result["strategicContainers"]).Should().Equal("app=app:1", "sidecar=sidecar:2");
        ((string?)result["deleted"]!["kind"]).Should().Be("Status", "kube answers a delete of a configmap with a Success Status");
        ((string?)result["deleted"]!["status"]).Should().Be("Success");
        Strings(result["listAfterDelete"]).Should().Equal("beta");
        ((bool?)result["watchEndedWithError"]).Should().BeFalse();

        var events = result["events"]!.AsArray().Select(e => $"{(string?)e!["type"]} {(string?)e["name"]} {(string?)e["key"]}").ToList();
        events.Should().Equal(
            "ADDED alpha one",
            "ADDED beta one",
            "MODIFIED alpha two",
            "MODIFIED alpha two",
            "MODIFIED alpha three",
            "DELETED alpha three");
    }

    private static List<string?> Strings(JsonNode? node) => node!.AsArray().Select(n => (string?)n).ToList();
}
