using System.Text.Json;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// What <c>make run</c> gives a newcomer as root, driven as a newcomer would: the built <c>tdcc sandbox up --demo</c>
/// with no network or mesh flag (so the isolated layout, with the chart installed by the real helm: hub, agents and an
/// east-west gateway per member as processes), then <c>tdcc sandbox exec west -- curl</c> to echo's ClusterSetIP,
/// answered by east's pods through both gateways, and <c>tdcc gateway status --cluster west</c> showing the tunnel.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "helm")]
public sealed class MakeRunGatewayTests(ITestOutputHelper output)
{
    private const string AddressOffset = "96";

    [NamespacesFact]
    public async Task SandboxUp_DefaultsAsRoot_ClusterSetIpFromWestAnsweredByEastThroughBothGateways()
    {
        RequirePeer.Present("helm", "kubectl", "curl");
        await using var up = await SandboxUpProcess.StartAsync("tdcc-make-run-", TimeSpan.FromMinutes(5), "--clusters", "2", "--demo", "--address-offset", AddressOffset);
        var directory = up.Directory;
        try
        {
            var endpoints = up.Endpoints;
            endpoints.Network.Should().Be("isolated", "as root the default layout is isolated: only the gateways connect the members");
            endpoints.Clusters.Where(c => c.Role == "member").Should().OnlyContain(c => c.Gateway != null, "every member runs its gateway");

            var gatewayPods = await Kubectl(endpoints.Kubeconfig, "--context", "west", "get", "pods", "-n", "tdcc-system", "-l", "app.kubernetes.io/component=gateway", "-o", "jsonpath={.items[*].status.phase}");
            gatewayPods.Should().Be("Running", "the chart's gateway Deployment runs one gateway in west");
            var clusterSetIp = await Kubectl(endpoints.Kubeconfig, "--context", "west", "get", "serviceimport", "echo", "-n", "demo", "-o", "jsonpath={.spec.ips[0]}");
            clusterSetIp.Should().StartWith("100.");

            // Ready means answered: the first request after "Sandbox ready" already goes through.
            var pods = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 6; i++)
            {
                var curl = await Tdcc("sandbox", "exec", "west", "--dir", directory, "--", "curl", "-s", "-m", "10", $"http://{clusterSetIp}:8080/");
                curl.ExitCode.Should().Be(0, curl.StandardError);
                using var reply = JsonDocument.Parse(curl.StandardOutput);
                reply.RootElement.GetProperty("cluster").GetString().Should().Be("east", "only east exports echo, and west reaches it only through the gateways");
                reply.RootElement.GetProperty("headers").GetProperty("x-tdcc-source-cluster").GetString().Should().Be("west", "east's gateway tells the pod where the request came from, as west's certificate proves");
                pods.Add(reply.RootElement.GetProperty("pod").GetString()!);
            }

            pods.Should().HaveCountGreaterThan(1, "east's gateway spreads requests over east's ready pods");

            // The same through the pods' own path is refused: east's pod IPs are not routed from west.
            var eastPod = await Kubectl(endpoints.Kubeconfig, "--context", "east", "get", "pods", "-n", "demo", "-o", "jsonpath={.items[0].status.podIP}");
            var direct = await Tdcc("sandbox", "exec", "west", "--dir", directory, "--", "curl", "-s", "-m", "5", $"http://{eastPod}:8080/");
            direct.ExitCode.Should().NotBe(0, "nothing but the gateways connects the members");

            var status = await Tdcc("gateway", "status", "--cluster", "west", "--dir", directory, "-o", "json");
            status.ExitCode.Should().Be(0, status.StandardError);
            using var document = JsonDocument.Parse(status.StandardOutput);
            document.RootElement.GetProperty("peers").EnumerateArray()
                .Should().Contain(p => p.GetProperty("cluster").GetString() == "east" && p.GetProperty("state").GetString() == "Connected");
            var table = await Tdcc("gateway", "status", "--cluster", "west", "--dir", directory);
            output.WriteLine(table.StandardOutput);
            table.StandardOutput.Should().Contain("east").And.Contain("Connected");
        }
        finally
        {
            if (!up.HasExited)
            {
                await up.StopAsync("TERM", TimeSpan.FromMinutes(1));
            }

            output.WriteLine(await up.StandardOutput);
            output.WriteLine(await up.StandardError);
        }
    }

    private static async Task<string> Kubectl(string kubeconfig, params string[] arguments)
    {
        var result = await PeerTools.RunAsync("kubectl", ["--kubeconfig", kubeconfig, .. arguments], timeout: TimeSpan.FromSeconds(60));
        result.ExitCode.Should().Be(0, result.StandardError);
        return result.StandardOutput.Trim();
    }

    private static Task<PeerResult> Tdcc(params string[] arguments) =>
        PeerTools.RunAsync("dotnet", [TdccCli.AssemblyPath(), .. arguments], timeout: TimeSpan.FromSeconds(60));
}
