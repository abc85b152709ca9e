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
        await using var up = await SandboxUpProcess.StartAsync("tdcc-up-", TimeSpan.FromSeconds(180), "--clusters", "2", "--demo", "--address-offset", "140", "--network", "loopback");
        var endpointsPath = Path.Combine(up.Directory, SandboxEndpoints.FileName);
        var endpoints = up.Endpoints;
        endpoints.Clusters.Select(c => c.Name).Should().Equal("hub", "east", "west");
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

        await up.StopAsync("INT", TimeSpan.FromSeconds(60));

        var stdout = await up.StandardOutput;
        output.WriteLine(stdout);
        up.ExitCode.Should().Be(0, await up.StandardError);
        File.Exists(endpointsPath).Should().BeFalse();
        stdout.Should().Contain("Stopped").And.NotContain("\u001b", "stdout is a pipe: no ANSI escape codes");
        stdout.Should().Contain("kubectl tdcc placements -n demo").And.MatchRegex(@"web\s+Divide/Static\s+west\s+4\s+4", "make run prints the demo's placements");
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
        // Secrets stay secret (issue 11): the mesh CA's key, the bootstrap tokens and the agents' tokens are refused to
        // anonymous requests; the health and version paths kube leaves open stay open.
        var hubUrl = endpoints.Clusters[0].ApiServer.TrimEnd('/');
        var caFile = Path.Combine(Path.GetDirectoryName(endpoints.Kubeconfig)!, "clusters", "hub", "pki", "ca.crt");
        foreach (var path in new[] { "/api/v1/namespaces/tdcc-mesh-system/secrets/tdcc-mesh-ca", "/api/v1/namespaces/kube-system/secrets", "/api/v1/namespaces/tdcc-cluster-east/secrets", "/api/v1/secrets" })
        {
            var refused = await PeerTools.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "--cacert", caFile, hubUrl + path], timeout: TimeSpan.FromSeconds(20));
            refused.StandardOutput.Should().Be("403", $"an anonymous GET {path} is forbidden");
        }

        // What a web page in a browser could send (a form POST, no credentials) writes nothing.
        var form = await PeerTools.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "--cacert", caFile, "-X", "POST", "-H", "Origin: http://evil.example", "--data", "metadata.name=x", hubUrl + "/api/v1/namespaces"], timeout: TimeSpan.FromSeconds(20));
        form.StandardOutput.Should().Be("403", "an anonymous form POST from a web page is refused");

        foreach (var path in new[] { "/healthz", "/readyz", "/version" })
        {
            var open = await PeerTools.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "--cacert", caFile, hubUrl + path], timeout: TimeSpan.FromSeconds(20));
            open.StandardOutput.Should().Be("200", $"{path} is open to anyone, as kube's public-info-viewer");
        }

        var wrong = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", "not-a-token", "get", "namespaces"), timeout: TimeSpan.FromSeconds(60));
        wrong.ExitCode.Should().NotBe(0);
        wrong.StandardError.Should().Contain("Unauthorized", "a wrong token gets 401");

        var anonymous = await PeerTools.RunAsync("curl", ["-s", "--max-time", "10", "--cacert", caFile, hubUrl + "/api/v1/namespaces"], timeout: TimeSpan.FromSeconds(20));
        anonymous.StandardOutput.Should().Contain("system:anonymous").And.Contain("\"code\":403", "without a token the request is anonymous and RBAC refuses it, over a certificate the hub's CA signed");

        var secret = await PeerTools.RunAsync("kubectl", Kubectl("east", "-n", "tdcc-system", "get", "secret", "tdcc-hub-credentials", "-o", "jsonpath={.data.token}"), timeout: TimeSpan.FromSeconds(60));
        secret.ExitCode.Should().Be(0, secret.StandardError);
        var eastToken = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret.StandardOutput.Trim()));
        var own = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", eastToken, "-n", "tdcc-cluster-east", "get", "leases"), timeout: TimeSpan.FromSeconds(60));
        own.ExitCode.Should().Be(0, "east's hub token reads its own namespace on the hub: " + own.StandardError);
        var other = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", eastToken, "-n", "tdcc-cluster-west", "get", "leases"), timeout: TimeSpan.FromSeconds(60));
        other.ExitCode.Should().NotBe(0);
        other.StandardError.Should().Contain("Forbidden").And.Contain("system:serviceaccount:tdcc-cluster-east:", "east's token may not read west's namespace on the hub");
        foreach (var (ns, what) in new[] { ("kube-system", "the bootstrap tokens"), ("tdcc-mesh-system", "the mesh CA's key"), ("tdcc-cluster-west", "west's hub token") })
        {
            var secrets = await PeerTools.RunAsync("kubectl", Kubectl("hub", "--token", eastToken, "-n", ns, "get", "secrets"), timeout: TimeSpan.FromSeconds(60));
            secrets.ExitCode.Should().NotBe(0, $"east's hub token may not read {what}");
            secrets.StandardError.Should().Contain("Forbidden");
        }
    }
}
