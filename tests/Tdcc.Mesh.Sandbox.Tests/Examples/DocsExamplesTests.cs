using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Crds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Crds;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.Crds;

namespace Tdcc.Mesh.Sandbox.Tests.Examples;

/// <summary>
/// Every manifest of docs/examples parses and is accepted (dry run) by one API server with the mesh's CRDs (MCS, Gateway
/// API routes, TrafficPolicy): the walkthrough in docs/sandbox.md applies them as they are.
/// </summary>
public sealed class DocsExamplesTests
{
    private static readonly Dictionary<string, ResourceType> Kinds = new[]
    {
        Deployment.Resource, Service.Resource, ServiceExport.Resource, GrpcRoute.Resource, HttpRoute.Resource, TrafficPolicy.Resource,
    }.ToDictionary(t => t.ApiVersion + "/" + t.Kind, StringComparer.Ordinal);

    private static string ExamplesDirectory => Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "docs", "examples");

    [Fact]
    public void Examples_EveryFile_ParsesIntoKnownKindsInNamespaceDemo()
    {
        var documents = ReadAll();

        documents.Select(d => d.File).Distinct().Should().Contain(["echo-v2.yaml", "echo-canary-grpcroute.yaml", "echo-trafficpolicy.yaml"]);
        documents.Should().AllSatisfy(d =>
        {
            Kinds.Should().ContainKey(Key(d.Body), $"{d.File} holds only kinds this test knows");
            ((string?)d.Body["metadata"]?["namespace"]).Should().Be("demo", d.File);
        });
        documents.Select(d => (string?)d.Body["kind"]).Should().Contain(["Deployment", "Service", "ServiceExport", "GRPCRoute", "TrafficPolicy"]);
    }

    [Fact]
    public async Task Examples_EveryObject_AcceptedByTheApiServerWithTheMeshCrds()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "examples" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-docs-examples-tests").InstallAsync(
        [
            McsCrds.Read(McsCrds.ServiceExports), McsCrds.Read(McsCrds.ServiceImports), .. GatewayApiCrds.ReadHub(), PolicyCrds.Read(PolicyCrds.TrafficPolicies),
        ]);
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });

        foreach (var (file, body) in ReadAll())
        {
            var type = Kinds[Key(body)];
            var create = () => client.Resource(type).CreateAsync(new GenericObject(body), new WriteOptions { DryRun = true });

            var created = (await create.Should().NotThrowAsync($"{file}: {body["kind"]} {body["metadata"]?["name"]}")).Subject;
            created.Metadata.Name.Should().Be((string?)body["metadata"]?["name"]);
        }
    }

    private static string Key(JsonObject body) => $"{(string?)body["apiVersion"]}/{(string?)body["kind"]}";

    private static List<(string File, JsonObject Body)> ReadAll() =>
    [
        .. Directory.GetFiles(ExamplesDirectory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(path =>
            YamlToJson.ConvertAll(File.ReadAllText(path)).OfType<JsonObject>().Select(body => (Path.GetFileName(path), body))),
    ];
}
