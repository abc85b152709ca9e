using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// <c>tdcc hub</c> and <c>tdcc agent</c> as real processes against API servers over HTTP, configured the way the chart
/// does (flags, environment, JSON logs), stopped with SIGTERM as the kubelet stops a pod.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HubAgentProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("tdcc-processes-").FullName;
    private KubeApiServer hubServer = null!;
    private KubeApiServer memberServer = null!;
    private KubeClient hub = null!;

    public async Task InitializeAsync()
    {
        hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        memberServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "east" });
        hub = new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress));
        await hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "tdcc-system" } });
        await KubeconfigWriter.WriteAsync(Path.Combine(directory, "kubeconfig"), [new KubeconfigWriter.Entry("hub", hubServer.BaseAddress), new KubeconfigWriter.Entry("east", memberServer.BaseAddress)], "hub", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        hub.Dispose();
        await memberServer.DisposeAsync();
        await hubServer.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task HubAndAgentProcesses_JoinReadyJsonLogsAndSigtermReleasesTheLease()
    {
        var hubHttp = FreePort.OnLoopback();
        var agentHttp = FreePort.OnLoopback();
        var token = await BootstrapTokens.CreateAsync(hub, TimeSpan.FromHours(1), TimeProvider.System);
        using var hubProcess = Start(
            ["hub", "--kubeconfig", Path.Combine(directory, "kubeconfig"), "--context", "hub", "--xds-address", "127.0.0.1:0", "--log-format", "json", "--lease-duration", "4s", "--renew-deadline", "3s", "--retry-period", "500ms"],
            new() { ["TDCC_HTTP_ADDRESS"] = $"127.0.0.1:{hubHttp}", ["POD_NAMESPACE"] = "tdcc-system" });
        using var agentProcess = Start(
            ["agent", "--kubeconfig", Path.Combine(directory, "kubeconfig"), "--context", "east", "--cluster-name", "east", "--hub-server", hubServer.BaseAddress.ToString(), "--http-address", $"127.0.0.1:{agentHttp}", "--dns-address", "127.0.0.1:0", "--heartbeat-interval", "1s", "--region", "eu"],
            new() { ["TDCC_BOOTSTRAP_TOKEN"] = token, ["POD_NAMESPACE"] = "tdcc-system" });
        var hubLog = Capture(hubProcess);
        var agentLog = Capture(agentProcess);
        try
        {
            using var http = new HttpClient();
            await Eventually.TrueAsync(async () => await StatusAsync(http, hubHttp, "/readyz") == HttpStatusCode.OK, "the hub process is ready", TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(async () => await StatusAsync(http, agentHttp, "/readyz") == HttpStatusCode.OK, "the agent process joined and serves DNS", TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(
                async () => ConditionSet.IsTrue((await hub.Resource<ManagedCluster>().GetAsync(null, "east"))?.Status?.Conditions, ClusterConditions.Ready),
                "the hub judges the agent's heartbeats",
                TimeSpan.FromSeconds(30));
            (await hub.Resource<ManagedCluster>().GetAsync(null, "east"))!.Metadata.Labels.Should().Contain("topology.kubernetes.io/region", "eu");
            var lease = await hub.Resource<Lease>().GetAsync("tdcc-system", "tdcc-hub");
            lease!.Spec!.HolderIdentity.Should().NotBeNullOrEmpty("the only hub replica leads");
            (await http.GetStringAsync(new Uri($"http://127.0.0.1:{hubHttp}/metrics"))).Should().Contain("controller=\"cluster-registration\"");
            await Eventually.TrueAsync(
                async () => (await http.GetStringAsync(new Uri($"http://127.0.0.1:{hubHttp}/metrics"))).Contains("tdcc_clusterset_clusters{member_cluster=\"east\",state=\"ready\"} 1", StringComparison.Ordinal),
                "the hub's overview gauge shows east ready",
                TimeSpan.FromSeconds(30));
            if (PeerTools.IsCi || PeerTools.Missing("promtool") is null)
            {
                // Each process's own /metrics as a Prometheus scrapes it in a cluster (docs/dashboards.md).
                foreach (var port in new[] { hubHttp, agentHttp })
                {
                    RequirePeer.Present("promtool");
                    var check = await PeerTools.RunAsync(PeerTools.FindExecutable("promtool")!, ["check", "metrics"], standardInput: await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")));
                    (check.StandardOutput + check.StandardError).Should().BeEmpty($"promtool finds nothing in the /metrics of the process on port {port}");
                    check.ExitCode.Should().Be(0);
                }
            }

            await SignalAsync(hubProcess);
            await SignalAsync(agentProcess);
            hubProcess.ExitCode.Should().Be(0);
            agentProcess.ExitCode.Should().Be(0);
            (await hub.Resource<Lease>().GetAsync("tdcc-system", "tdcc-hub"))!.Spec!.HolderIdentity.Should().BeNullOrEmpty("a hub stopping gracefully releases its Lease at once");
            var lines = (await hubLog).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().NotBeEmpty();
            foreach (var line in lines)
            {
                using var entry = JsonDocument.Parse(line);
                entry.RootElement.TryGetProperty("Message", out _).Should().BeTrue(line);
            }

            output.WriteLine(await agentLog);
        }
        finally
        {
            foreach (var process in new[] { hubProcess, agentProcess })
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    [Fact]
    public async Task Agent_WithoutClusterName_ExitsWithOneLineSayingWhat()
    {
        using var process = Start(["agent", "--kubeconfig", Path.Combine(directory, "kubeconfig"), "--hub-server", "http://127.0.0.1:1"], []);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().NotBe(0);
        (await stderr).Should().Contain("--cluster-name is required");
    }

    private static Process Start(string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(TdccCli.AssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("KUBECONFIG");
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static async Task<string> Capture(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return await stdout + await stderr;
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, int port, string path)
    {
        try
        {
            return (await http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{path}")))).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task SignalAsync(Process process)
    {
        (await PeerTools.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode.Should().Be(0);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(exit.Token);
    }
}
