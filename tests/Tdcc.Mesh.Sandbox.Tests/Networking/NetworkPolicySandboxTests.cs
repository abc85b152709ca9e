using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>Isolated namespaces in slot 2 (offset 32) with three members (east, west, edge): the network policy tests.</summary>
public sealed class NetworkPolicySandboxFixture() : NamespacedSandboxFixture(NetworkMode.Isolated, 32, members: 3);

/// <summary>
/// MultiClusterNetworkPolicy in the sandbox (issue 16, "Done when"): echo is exported by east and imported by west and
/// edge, whose clients reach it only through both gateways (isolated layout). A policy on the hub denying west → demo/echo
/// is enforced by east's gateway: west's requests get 403 "RBAC: access denied", edge's are still answered by east's
/// pods; the policy's status says it is enforced at east, and <c>kubectl tdcc policies -n demo</c> shows it with the
/// denials east's gateway counted. Deleting the policy lets west through again. A default-deny policy also gives east
/// (which exports echo) a native NetworkPolicy for echo's pods, checked in east's API server (the sandbox's networks do
/// not enforce NetworkPolicies).
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class NetworkPolicySandboxTests(NetworkPolicySandboxFixture fixture, ITestOutputHelper output) : IClassFixture<NetworkPolicySandboxFixture>
{
    [NamespacesFact]
    public async Task DenyWestToEcho_WestGets403_EdgeStillServed_StatusAndKubectlTdccShowIt()
    {
        var set = await fixture.StartAsync();
        var (hub, west, edge) = (set.Clusters[0], set.Clusters[2], set.Clusters[3]);
        var fromWest = new IPEndPoint(await RoutedNetworkTests.ClusterSetIpAsync(west.Client), 8080);
        var fromEdge = new IPEndPoint(await RoutedNetworkTests.ClusterSetIpAsync(edge.Client), 8080);
        foreach (var (network, endpoint, name) in new[] { (west.Network, fromWest, "west"), (edge.Network, fromEdge, "edge") })
        {
            await Eventually.TrueAsync(
                async () => await ServedByEastAsync(network, endpoint),
                $"before any policy, {name} reaches east's echo through both gateways",
                TimeSpan.FromSeconds(90));
        }

        var policies = hub.Client.Resource<MultiClusterNetworkPolicy>();
        await policies.CreateAsync(new MultiClusterNetworkPolicy
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "deny-west" },
            Spec = new MultiClusterNetworkPolicySpec
            {
                TargetRefs = [new PolicyTargetReference { Name = "echo" }],
                Rules = [new NetworkPolicyRule { Name = "no-west", Action = "Deny", From = [new NetworkPolicySource { Clusters = ["west"] }] }],
            },
        });
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            (string Status, string Body) denied = (string.Empty, string.Empty);
            await Eventually.TrueAsync(
                async () => (denied = await GetAsync(west.Network, fromWest)).Status.StartsWith("HTTP/1.1 403", StringComparison.Ordinal),
                "west's request is refused by east's gateway once the policy reached it over xDS",
                TimeSpan.FromSeconds(60));
            output.WriteLine($"policy in force at east's gateway {started.ElapsedMilliseconds} ms after it was created on the hub");
            denied.Body.Should().Be("RBAC: access denied");
            for (var i = 0; i < 5; i++)
            {
                (await GetAsync(west.Network, fromWest)).Status.Should().StartWith("HTTP/1.1 403");
                (await NetworkProbe.GetAsync(edge.Network, fromEdge, TimeSpan.FromSeconds(5))).Cluster.Should().Be("east", "edge is not denied");
            }

            var policy = await Eventually.ValueAsync<MultiClusterNetworkPolicy>(
                async () => await policies.GetAsync("demo", "deny-west") is { } p && ConditionSet.IsTrue(p.Status?.Conditions, NetworkPolicyConditions.Enforced) ? p : null,
                "the policy's status says where it is enforced");
            policy.Status!.EnforcedClusters!.Value.Should().Equal("east");
            ConditionSet.Find(policy.Status.Conditions, NetworkPolicyConditions.Enforced)!.Message.Should().Be("enforced by the gateways of east");
            ConditionSet.IsTrue(policy.Status.Conditions, NetworkPolicyConditions.Accepted).Should().BeTrue();
            ConditionSet.IsTrue(policy.Status.Conditions, NetworkPolicyConditions.RulesEnforced).Should().BeTrue();

            var (exit, table) = await RunAsync("policies", "-n", "demo", "--kubeconfig", set.KubeconfigPath, "--context", hub.Name);
            output.WriteLine(table);
            exit.Should().Be(0, table);
            table.Should().Contain("deny-west").And.Contain("Deny west").And.Contain("east");
            table.Should().MatchRegex(@"demo/deny-west: east's gateway denied ([6-9]|\d\d+) from west to echo\.demo\.svc\.clusterset\.local:8080");
            var (jsonExit, json) = await RunAsync("policies", "-n", "demo", "--kubeconfig", set.KubeconfigPath, "--context", hub.Name, "-o", "json");
            jsonExit.Should().Be(0, json);
            using var document = JsonDocument.Parse(json);
            var listed = document.RootElement.GetProperty("policies").EnumerateArray().Single();
            listed.GetProperty("enforcedClusters").EnumerateArray().Select(c => c.GetString()).Should().Equal("east");
            listed.GetProperty("denied").GetInt64().Should().BeGreaterThanOrEqualTo(6);
        }
        finally
        {
            await policies.DeleteAsync("demo", "deny-west");
        }

        await Eventually.TrueAsync(
            async () => await ServedByEastAsync(west.Network, fromWest),
            "with the policy deleted, west reaches east's echo again",
            TimeSpan.FromSeconds(60));
    }

    [NamespacesFact]
    public async Task DefaultDenyWithAllowedNamespace_EastGetsANativeNetworkPolicyForEchosPods_PrunedWithThePolicy()
    {
        var set = await fixture.StartAsync();
        var (hub, east, west, edge) = (set.Clusters[0], set.Clusters[1], set.Clusters[2], set.Clusters[3]);
        var policies = hub.Client.Resource<MultiClusterNetworkPolicy>();
        await policies.CreateAsync(new MultiClusterNetworkPolicy
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "default-deny" },
            Spec = new MultiClusterNetworkPolicySpec
            {
                DefaultAction = "Deny",
                Rules =
                [
                    new NetworkPolicyRule { Action = "Allow", From = [new NetworkPolicySource { Namespaces = ["ops"] }] },
                    new NetworkPolicyRule { Action = "Allow", From = [new NetworkPolicySource { Clusters = ["edge"] }] },
                ],
            },
        });
        var echo = (await east.Client.Resource<Service>().GetAsync("demo", "echo"))!;
        var native = east.Client.Resource<NetworkPolicy>();
        try
        {
            var rendered = await Eventually.ValueAsync<NetworkPolicy>(
                async () => await native.GetAsync("demo", "tdcc-mcnp-echo"),
                "east's agent renders a NetworkPolicy for the pods of echo, which east exports",
                TimeSpan.FromSeconds(60));
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(rendered, NetworkPolicy.JsonTypeInfo));
            rendered.Metadata.Labels.Should().Contain("app.kubernetes.io/managed-by", "tdcc-mesh-agent");
            rendered.Metadata.ManagedFields!.Value.EnumerateArray().Should().Contain(f => f.GetProperty("manager").GetString() == "tdcc-mesh-network-policy");
            rendered.Spec!.PodSelector!.MatchLabels.Should().BeEquivalentTo(echo.Spec!.Selector);
            rendered.Spec.PolicyTypes!.Value.Should().Equal("Ingress");
            var from = rendered.Spec.Ingress!.Value.Single().From!.Value;
            from.Should().HaveCount(2);
            from[0].NamespaceSelector!.MatchLabels.Should().BeEquivalentTo(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "tdcc-system" });
            from[0].PodSelector!.MatchLabels.Should().BeEquivalentTo(new Dictionary<string, string> { ["app.kubernetes.io/component"] = "gateway" });
            from[1].NamespaceSelector!.MatchLabels.Should().BeEquivalentTo(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "ops" });
            from[1].PodSelector.Should().BeNull();
            (await west.Client.Resource<NetworkPolicy>().GetAsync("demo", "tdcc-mcnp-echo")).Should().BeNull("west does not export echo");

            // The gateways enforce the same policy: edge is allowed by cluster, west only by the default (denied).
            var fromWest = new IPEndPoint(await RoutedNetworkTests.ClusterSetIpAsync(west.Client), 8080);
            var fromEdge = new IPEndPoint(await RoutedNetworkTests.ClusterSetIpAsync(edge.Client), 8080);
            await Eventually.TrueAsync(
                async () => (await GetAsync(west.Network, fromWest)).Status.StartsWith("HTTP/1.1 403", StringComparison.Ordinal),
                "the default denies west",
                TimeSpan.FromSeconds(60));
            (await NetworkProbe.GetAsync(edge.Network, fromEdge, TimeSpan.FromSeconds(5))).Cluster.Should().Be("east");
        }
        finally
        {
            await policies.DeleteAsync("demo", "default-deny");
        }

        await Eventually.TrueAsync(
            async () => await native.GetAsync("demo", "tdcc-mcnp-echo") is null,
            "the NetworkPolicy goes with the policy",
            TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(
            async () => await ServedByEastAsync(west.Network, new IPEndPoint(await RoutedNetworkTests.ClusterSetIpAsync(west.Client), 8080)),
            "with the policy deleted, west reaches east's echo again",
            TimeSpan.FromSeconds(60));
    }

    /// <summary>True when a GET from <paramref name="network"/> is answered 200 by one of east's pods.</summary>
    private static async Task<bool> ServedByEastAsync(IClusterNetwork network, IPEndPoint endpoint)
    {
        var (status, body) = await GetAsync(network, endpoint);
        if (!status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            return false;
        }

        using var reply = JsonDocument.Parse(body);
        return reply.RootElement.GetProperty("cluster").GetString() == "east";
    }

    /// <summary>A plain HTTP/1.0 GET from a socket in <paramref name="network"/>: the status line and the body.</summary>
    private static async Task<(string Status, string Body)> GetAsync(IClusterNetwork network, IPEndPoint endpoint)
    {
        using var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {endpoint}\r\n\r\n"), deadline.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(chunk, deadline.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return split < 0 ? (text, string.Empty) : (text[..text.IndexOf("\r\n", StringComparison.Ordinal)], text[(split + 4)..]);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return (e.Message, string.Empty);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns: null);
        var root = new RootCommand { PoliciesCommand.Create(console) };
        var exit = await root.Parse(args).InvokeAsync();
        return (exit, writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
