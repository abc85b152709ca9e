using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>
/// A TrafficPolicy on the hub reaching real xDS clients: with echo exported from east and west, a client in west stays
/// in west (local first) until a policy turns locality failover off, then its calls spread over both clusters; the
/// policy's outlier detection and timeout are in the resources the xDS server sends; kubectl shows each policy's verdict.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class MeshTrafficPolicyTests(MeshFixture fixture) : IClassFixture<MeshFixture>
{
    private const string Target = "xds:///echo.demo.svc.clusterset.local:9090";
    private const string Name = "echo.demo.svc.clusterset.local:9090";

    private const string SpreadPolicy = """
        apiVersion: networking.tdcc.io/v1alpha1
        kind: TrafficPolicy
        metadata:
          name: echo-spread
          namespace: demo
        spec:
          targetRefs:
          - name: echo
          localityFailover: false
          clusterWeights: {east: 1, west: 1}
          timeout: 4s
          outlierDetection: {consecutive5xx: 3, interval: 5s, baseEjectionTime: 15s, maxEjectionPercent: 50}
        """;

    private const string LaterPolicies = """
        apiVersion: networking.tdcc.io/v1alpha1
        kind: TrafficPolicy
        metadata:
          name: echo-timeout
          namespace: demo
        spec:
          targetRefs: [{name: echo}]
          timeout: 9s
        ---
        apiVersion: networking.tdcc.io/v1alpha1
        kind: TrafficPolicy
        metadata:
          name: ghost
          namespace: demo
        spec:
          targetRefs: [{group: "", kind: Service, name: ghost}]
          loadBalancer: RingHash
        """;

    [PeerFact("kubectl", "node:@grpc/grpc-js-xds")]
    [Trait("Peer", "node")]
    public async Task TrafficPolicy_LocalityFailoverOff_WestCallsSpreadOverEastAndWestAndKubectlShowsVerdicts()
    {
        RequirePeer.Present("kubectl", "node:@grpc/grpc-js-xds");
        await HubKubectl.CreateIfMissingAsync(fixture.West.Client.Resource<ServiceExport>(), new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "echo" } });
        await Eventually.TrueAsync(
            async () => (await fixture.Hub.Client.Resource<ServiceImport>().GetAsync(McsNames.DefaultImportsNamespace, "demo.echo"))?.Status?.Clusters?.Length == 2,
            "demo/echo exported by east and west",
            TimeSpan.FromSeconds(60));
        var eastIps = await Eventually.ValueAsync(async () => await MeshSandboxTests.ReadyPodIpsAsync(fixture.East.Client) is { Count: 3 } ips ? ips : null, "three ready echo pods in east");
        var westIps = await Eventually.ValueAsync(async () => await MeshSandboxTests.ReadyPodIpsAsync(fixture.West.Client) is { Count: 3 } ips ? ips : null, "three ready echo pods in west");
        var xds = new Uri(fixture.Endpoints.Clusters.Single(c => c.Name == "west").Xds!);

        await using var client = XdsNodeClient.Start(xds.Port, Target, "west-policy-1", "west", callIntervalMilliseconds: 20);
        var local = await client.WaitForAsync(c => c.Count(call => call.Ok && westIps.Contains(call.PodIp!)) >= 10, TimeSpan.FromSeconds(60), "ten calls on west's own pods");
        local.Where(call => call.Ok).TakeLast(10).Select(call => call.PodIp).Should().OnlyContain(ip => westIps.Contains(ip!), "west is local first without a policy");

        await HubKubectl.CreateIfMissingAsync(fixture.Hub.Client.Resource<Namespace>(), new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        await HubKubectl.RunAsync(fixture, ["apply", "-f", "-"], SpreadPolicy);
        var after = client.LastSeq;
        var spread = await client.WaitForAsync(
            after,
            c => c.Count(call => call.Ok && eastIps.Contains(call.PodIp!)) >= 10 && c.Count(call => call.Ok && westIps.Contains(call.PodIp!)) >= 10,
            TimeSpan.FromSeconds(60),
            "ten calls on east's pods and ten on west's after the policy");
        spread.Where(call => call.Ok).Select(call => call.PodIp).Should().OnlyContain(ip => eastIps.Contains(ip!) || westIps.Contains(ip!));

        // What the xDS server sends a west node: the policy's outlier detection and timeout.
        await using (var stream = Ads.Sotw(xds))
        {
            await stream.SendAsync(Ads.Request(TypeUrls.Cluster, [Name], Ads.Node("west-policy-ads", "west")));
            var cluster = (await stream.ReceiveAsync(TimeSpan.FromSeconds(30))).Resources.Single().Unpack<Cluster>();
            cluster.OutlierDetection.Consecutive5Xx.Should().Be(3u);
            cluster.OutlierDetection.MaxEjectionPercent.Should().Be(50u);
            await stream.SendAsync(Ads.Request(TypeUrls.RouteConfiguration, [Name]));
            var routes = (await stream.ReceiveAsync(TimeSpan.FromSeconds(30))).Resources.Single().Unpack<RouteConfiguration>();
            routes.VirtualHosts.Single().Routes.Single().Route_.Timeout.ToTimeSpan().Should().Be(TimeSpan.FromSeconds(4));
        }

        // Applied maybe within the second of echo-spread (creation times have second resolution): on a tie the first
        // name wins, and echo-spread < echo-timeout, so the verdicts do not depend on timing.
        await HubKubectl.RunAsync(fixture, ["apply", "-f", "-"], LaterPolicies);
        var verdicts = await Eventually.ValueAsync(
            async () => await VerdictsAsync() is { Count: 3 } v ? v : null,
            "a verdict on each of the three policies",
            TimeSpan.FromSeconds(30));
        verdicts["echo-spread"].Should().Be(("True", "Accepted"));
        verdicts["echo-timeout"].Should().Be(("False", "Conflicted"));
        verdicts["ghost"].Should().Be(("False", "TargetNotFound"));
        var table = await HubKubectl.RunAsync(fixture, ["get", "trafficpolicies", "-n", "demo", "-o", "wide"]);
        table.Should().Contain("TARGET").And.Contain("ACCEPTED").And.Contain("REASON").And.Contain("Conflicted").And.Contain("TargetNotFound");
        var late = await HubKubectl.RunAsync(fixture, ["get", "tp", "echo-timeout", "-n", "demo", "-o", "jsonpath={.status.conditions[0].message}"]);
        late.Should().Be("not applied: echo (already held by TrafficPolicy echo-spread, created earlier or first by name)");
    }

    private async Task<Dictionary<string, (string Status, string Reason)>?> VerdictsAsync()
    {
        var yaml = await HubKubectl.RunAsync(fixture, ["get", "trafficpolicies", "-n", "demo", "-o", "yaml"]);
        var items = YamlToJson.ConvertObject(yaml)["items"]!.AsArray();
        var verdicts = new Dictionary<string, (string, string)>();
        foreach (var item in items)
        {
            if (item!["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Accepted") is { } accepted)
            {
                verdicts[(string)item["metadata"]!["name"]!] = ((string)accepted["status"]!, (string)accepted["reason"]!);
            }
        }

        return verdicts;
    }
}
