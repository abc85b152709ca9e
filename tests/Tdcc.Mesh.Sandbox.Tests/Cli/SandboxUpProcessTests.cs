using System.Diagnostics;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>Runs the built <c>tdcc sandbox up</c> as a child process, drives it with kubectl, and stops it with SIGINT.</summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "kubectl")]
public sealed class SandboxUpProcessTests(ITestOutputHelper output)
{
    [PeerFact("kubectl")]
    public async Task SandboxUp_ChildProcess_ServesKubectlAndStopsCleanlyOnSigint()
    {
        RequirePeer.Present("kubectl");
        var directory = Directory.CreateTempSubdirectory("tdcc-up-").FullName;
        var endpointsPath = Path.Combine(directory, SandboxEndpoints.FileName);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { TdccCli.AssemblyPath(), "sandbox", "up", "--dir", directory, "--clusters", "2", "--demo", "--address-offset", "140", "--network", "loopback" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(endpointsPath) || process.HasExited), "endpoints.json", TimeSpan.FromSeconds(120));
            if (process.HasExited)
            {
                Assert.Fail($"tdcc exited early with {process.ExitCode}: {await stderr}");
            }

            var endpoints = await SandboxEndpoints.ReadAsync(endpointsPath);
            endpoints!.Clusters.Select(c => c.Name).Should().Equal("hub", "east", "west");
            foreach (var cluster in endpoints.Clusters)
            {
                var nodes = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", cluster.Name, "get", "nodes"], timeout: TimeSpan.FromSeconds(60));
                var pods = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", cluster.Name, "get", "pods", "-A", "-o", "wide"], timeout: TimeSpan.FromSeconds(60));
                nodes.ExitCode.Should().Be(0, nodes.StandardError);
                pods.ExitCode.Should().Be(0, pods.StandardError);
                if (cluster.Role == "member")
                {
                    pods.StandardOutput.Should().Contain("Running").And.Contain("demo");
                }
            }

            // The distribution demo: the hub's demo/web (6 replicas, weights 1/2/3) divided 2/4 over east and west,
            // applied before the sandbox reports ready, and no pod of it on the hub.
            foreach (var (member, replicas) in new[] { ("east", "2"), ("west", "4") })
            {
                var web = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", member, "-n", "demo", "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"], timeout: TimeSpan.FromSeconds(60));
                web.StandardOutput.Should().Be(replicas, $"{member}'s share of the demo Subscription ({web.StandardError})");
            }

            await AuthenticationAndRbacHoldAsync(endpoints);

            var hubPods = await PeerTools.RunAsync("kubectl", ["--kubeconfig", endpoints.Kubeconfig, "--context", "hub", "-n", "demo", "get", "pods", "-o", "name"], timeout: TimeSpan.FromSeconds(60));
            hubPods.StandardOutput.Should().NotContain("web", "the template held on the hub starts no pods there");

            var interrupt = await PeerTools.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            interrupt.ExitCode.Should().Be(0);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exit.Token);

            output.WriteLine(await stdout);
            process.ExitCode.Should().Be(0, await stderr);
            File.Exists(endpointsPath).Should().BeFalse();
            (await stdout).Should().Contain("Stopped").And.NotContain("\u001b", "stdout is a pipe: no ANSI escape codes");
            (await stdout).Should().Contain("kubectl tdcc placements -n demo").And.MatchRegex(@"web\s+Divide/Static\s+west\s+4\s+4", "make run prints the demo's placements");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Like a cluster: HTTPS only, the kubeconfig's admin token works, a wrong token is 401, no token is anonymous (403
    /// for resources), and the hub token east's agent holds may not read west's namespace on the hub (403) while it may
    /// read its own.
    /// </summary>
    private static async Task AuthenticationAndRbacHoldAsync(SandboxEndpoints endpoints)
    {
        endpoints.Clusters.Should().OnlyContain(c => c.ApiServer.StartsWith("https://", StringComparison.Ordinal), "the API servers serve HTTPS only by default");
        var plain = await PeerTools.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "http://" + new Uri(endpoints.Clusters[0].ApiServer).Authority + "/version"], timeout: TimeSpan.FromSeconds(20));
        plain.StandardOutput.Should().NotBe("200", "no plain HTTP is served");

        string[] Kubectl(string context, params string[] args) => ["--kubeconfig", endpoints.Kubeconfig, "--context", context, .. args];
        var wrong = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", "not-a-token", "get", "namespaces"), timeout: TimeSpan.FromSeconds(60));
        wrong.ExitCode.Should().NotBe(0);
        wrong.StandardError.Should().Contain("Unauthorized", "a wrong token gets 401");

        var hubCa = Path.Combine(Path.GetDirectoryName(endpoints.Kubeconfig)!, "clusters", "hub", "pki", "ca.crt");
        var anonymous = await PeerTools.RunAsync("curl", ["-s", "--max-time", "10", "--cacert", hubCa, endpoints.Clusters[0].ApiServer.TrimEnd('/') + "/api/v1/namespaces"], timeout: TimeSpan.FromSeconds(20));
        anonymous.StandardOutput.Should().Contain("system:anonymous").And.Contain("\"code\":403", "without a token the request is anonymous and RBAC refuses it, over a certificate the hub's CA signed");

        var secret = await PeerTools.RunAsync("kubectl", Kubectl("east", "-n", "tdcc-system", "get", "secret", "tdcc-hub-credentials", "-o", "jsonpath={.data.token}"), timeout: TimeSpan.FromSeconds(60));
        secret.ExitCode.Should().Be(0, secret.StandardError);
        var eastToken = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret.StandardOutput.Trim()));
        var own = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", eastToken, "-n", "tdcc-cluster-east", "get", "leases"), timeout: TimeSpan.FromSeconds(60));
        own.ExitCode.Should().Be(0, "east's hub token reads its own namespace on the hub: " + own.StandardError);
        var other = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", eastToken, "-n", "tdcc-cluster-west", "get", "leases"), timeout: TimeSpan.FromSeconds(60));
        other.ExitCode.Should().NotBe(0);
        other.StandardError.Should().Contain("Forbidden").And.Contain("system:serviceaccount:tdcc-cluster-east:", "east's token may not read west's namespace on the hub");
    }
}
