using System.Collections.Immutable;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>
/// Gateway API routes on the hub reaching real xDS clients: a GRPCRoute on ServiceImport demo/echo sends calls with
/// <c>x-version: v2</c> to echo-v2 (exported from east) and the others to echo; kubectl shows the route status.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class MeshRoutingTests(MeshFixture fixture) : IClassFixture<MeshFixture>
{
    private const string CanaryRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata:
          name: echo-canary
          namespace: demo
        spec:
          parentRefs:
          - group: multicluster.x-k8s.io
            kind: ServiceImport
            name: echo
            port: 9090
          rules:
          - matches:
            - headers:
              - name: x-version
                value: v2
            backendRefs:
            - group: multicluster.x-k8s.io
              kind: ServiceImport
              name: echo-v2
              port: 9090
          - backendRefs:
            - group: multicluster.x-k8s.io
              kind: ServiceImport
              name: echo
              port: 9090
        """;

    private const string BrokenRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata:
          name: echo-v2-broken
          namespace: demo
        spec:
          parentRefs:
          - group: multicluster.x-k8s.io
            kind: ServiceImport
            name: echo-v2
            port: 8080
          rules:
          - backendRefs:
            - name: echo-v3
              port: 9090
        """;

    [PeerFact("kubectl", "node:@grpc/grpc-js-xds")]
    [Trait("Peer", "node")]
    public async Task GrpcRoute_CanaryByHeader_HeaderCallsLandOnEchoV2AndStatusShowsInKubectl()
    {
        RequirePeer.Present("kubectl", "node:@grpc/grpc-js-xds");
        await HubKubectl.RunAsync(fixture, ["apply", "-f", Path.Combine(PeerTools.RepoRoot, "docs", "examples", "echo-v2.yaml")], context: fixture.East.Name);
        await Eventually.TrueAsync(
            async () => await fixture.Hub.Client.Resource<ServiceImport>().GetAsync(McsNames.DefaultImportsNamespace, "demo.echo-v2") is not null,
            "ServiceImport demo/echo-v2 aggregated on the hub",
            TimeSpan.FromSeconds(60));

        await HubKubectl.CreateIfMissingAsync(fixture.Hub.Client.Resource<Namespace>(), new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        await HubKubectl.RunAsync(fixture, ["apply", "-f", "-"], CanaryRoute);

        var conditions = await Eventually.ValueAsync(
            async () => await RouteConditionsAsync("echo-canary") is { Count: 2 } c && c.All(x => x.Status == "True") ? c : null,
            "GRPCRoute demo/echo-canary Accepted and ResolvedRefs",
            TimeSpan.FromSeconds(30));
        conditions.Select(c => (c.Type, c.Status, c.Reason)).Should().Equal(("Accepted", "True", "Accepted"), ("ResolvedRefs", "True", "ResolvedRefs"));

        var echoV2Ips = await ReadyPodIpsAsync(fixture.East.Client, "echo-v2");
        var echoIps = await MeshSandboxTests.ReadyPodIpsAsync(fixture.East.Client);
        echoV2Ips.Should().HaveCount(2);
        var xds = new Uri(fixture.Endpoints.Clusters.Single(c => c.Name == "west").Xds!);
        await using (var canary = XdsNodeClient.Start(xds.Port, "xds:///echo.demo.svc.clusterset.local:9090", "west-canary-1", "west", metadata: new Dictionary<string, string> { ["x-version"] = "v2" }))
        await using (var plain = XdsNodeClient.Start(xds.Port, "xds:///echo.demo.svc.clusterset.local:9090", "west-plain-1", "west"))
        {
            var withHeader = await canary.WaitForAsync(c => c.Count(call => call.Ok) >= 6, TimeSpan.FromSeconds(60), "six successful calls with x-version: v2");
            var without = await plain.WaitForAsync(c => c.Count(call => call.Ok) >= 6, TimeSpan.FromSeconds(60), "six successful calls without the header");
            withHeader.Where(call => call.Ok).Select(call => call.PodIp).Should().OnlyContain(ip => echoV2Ips.Contains(ip!));
            without.Where(call => call.Ok).Select(call => call.PodIp).Should().OnlyContain(ip => echoIps.Contains(ip!));
        }

        await HubKubectl.RunAsync(fixture, ["apply", "-f", "-"], BrokenRoute);
        var broken = await Eventually.ValueAsync(
            async () => await RouteConditionsAsync("echo-v2-broken") is { Count: 2 } c ? c : null,
            "GRPCRoute demo/echo-v2-broken status",
            TimeSpan.FromSeconds(30));
        broken.Select(c => (c.Type, c.Status, c.Reason)).Should().Equal(("Accepted", "True", "Accepted"), ("ResolvedRefs", "False", "BackendNotFound"));
        broken[1].Message.Should().Be("spec.rules[0].backendRefs[0]: Service demo/echo-v3 is not a clusterset service");
        var table = await HubKubectl.RunAsync(fixture, ["get", "grpcroutes", "-n", "demo"]);
        table.Should().Contain("echo-canary").And.Contain("echo-v2-broken").And.Contain("HOSTNAMES");
    }

    [PeerFact("kubectl")]
    [Trait("Peer", "kubectl")]
    public async Task KubectlApply_StructurallyInvalidHttpRoute_RejectedWithReadableError()
    {
        RequirePeer.Present("kubectl");
        var result = await PeerTools.RunAsync(
            "kubectl",
            ["--kubeconfig", fixture.Set.KubeconfigPath, "--context", fixture.Hub.Name, "apply", "-f", "-"],
            standardInput: """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: bad-path, namespace: default}
                spec:
                  parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo}]
                  rules:
                  - matches: [{path: {type: Glob, value: /x}}]
                """,
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("spec.rules[0].matches[0].path.type").And.Contain("Glob");
    }

    /// <summary>The mesh's conditions of a GRPCRoute of namespace demo, as <c>kubectl get -o yaml</c> prints them.</summary>
    private async Task<IReadOnlyList<Condition>?> RouteConditionsAsync(string name)
    {
        var yaml = await HubKubectl.RunAsync(fixture, ["get", "grpcroute", name, "-n", "demo", "-o", "yaml"]);
        var parents = YamlToJson.ConvertObject(yaml)["status"]?["parents"]?.AsArray();
        var mine = parents?.FirstOrDefault(p => (string?)p!["controllerName"] == "tdcc-mesh.io/mesh-controller");
        return mine?["conditions"]?.AsArray().Select(c => new Condition
        {
            Type = (string)c!["type"]!,
            Status = (string)c["status"]!,
            Reason = (string?)c["reason"],
            Message = (string?)c["message"],
        }).ToList();
    }

    private static async Task<IReadOnlyList<string>> ReadyPodIpsAsync(IKubeClient member, string app) =>
        await Eventually.ValueAsync(
            async () =>
            {
                var pods = await member.Resource<Pod>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = "app=" + app });
                var ready = pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).Select(p => p.Status!.PodIP!).ToList();
                return ready.Count == 2 ? ready : null;
            },
            $"two ready {app} pods",
            TimeSpan.FromSeconds(60));
}
