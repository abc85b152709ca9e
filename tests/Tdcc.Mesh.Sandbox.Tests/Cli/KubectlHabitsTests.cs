using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// A kube user's habits, typed as people type them, against the built <c>tdcc sandbox up</c> over HTTPS with
/// authentication and RBAC on (its defaults): every <c>kubectl create</c> generator, <c>run</c>, <c>expose</c>, Jobs
/// and CronJobs, <c>wait</c>, <c>rollout</c>, Events, <c>logs</c>, <c>explain</c>, <c>auth can-i|whoami</c> (also as a
/// ServiceAccount with a token from <c>create token</c>), <c>top</c>, <c>cordon|drain|uncordon</c> with a
/// PodDisruptionBudget, <c>diff</c>, and the one-sentence answers of <c>exec</c> and <c>attach</c>. Each step checks
/// what a kube user would see.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "kubectl")]
public sealed class KubectlHabitsTests(ITestOutputHelper output)
{
    /// <summary>Members use 127.14/16 (offset 4), away from every other sandbox of the tests.</summary>
    private const int AddressOffset = 4;

    private const string Ns = "habits";

    [PeerFact("kubectl")]
    public async Task KubectlHabits_AgainstSandboxUp_OverTlsWithRbac_EachAnswersAsAKubeUserExpects()
    {
        RequirePeer.Present("kubectl");
        await using var up = await SandboxUpProcess.StartAsync("tdcc-habits-", TimeSpan.FromSeconds(180), "--clusters", "1", "--address-offset", AddressOffset.ToString(CultureInfo.InvariantCulture), "--network", "loopback", "--mesh", "inprocess");
        up.Endpoints.Clusters.Should().OnlyContain(c => c.ApiServer.StartsWith("https://", StringComparison.Ordinal));
        var kubectl = new Kubectl(up.Endpoints.Kubeconfig, "east", output);

        await CreateGeneratorsAsync(kubectl, up.Directory);
        await JobsAndWaitAsync(kubectl);
        await RolloutAsync(kubectl);
        await EventsAndLogsAsync(kubectl);
        await ExplainAuthAndTopAsync(kubectl);
        await DrainWithBudgetAsync(kubectl);
        await DiffAsync(kubectl, up.Directory);
        await UnsupportedStreamsAsync(kubectl);
    }

    /// <summary>Every <c>kubectl create</c> generator of kubectl 1.32 (protobuf request bodies), <c>run</c> and <c>expose</c>.</summary>
    private static async Task CreateGeneratorsAsync(Kubectl kubectl, string directory)
    {
        (await kubectl.OkAsync("create", "namespace", Ns)).Should().Contain($"namespace/{Ns} created");
        var (certificate, key) = WriteTlsPair(directory);
        string[][] creates =
        [
            ["create", "deployment", "web", "--image=tdcc.io/echo", "--replicas=3", "--port=8080"],
            ["create", "service", "clusterip", "web-cip", "--tcp=80:8080"],
            ["create", "service", "nodeport", "web-np", "--tcp=80:8080"],
            ["create", "service", "loadbalancer", "web-lb", "--tcp=80:8080"],
            ["create", "service", "externalname", "web-ext", "--external-name=example.com"],
            ["create", "configmap", "settings", "--from-literal=mode=demo"],
            ["create", "secret", "generic", "creds", "--from-literal=password=s3cret"],
            ["create", "secret", "tls", "web-tls", "--cert", certificate, "--key", key],
            ["create", "secret", "docker-registry", "registry", "--docker-server=registry.example", "--docker-username=u", "--docker-password=p"],
            ["create", "serviceaccount", "robot"],
            ["create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods"],
            ["create", "rolebinding", "robot-reads-pods", "--role=pod-reader", "--serviceaccount=habits:robot"],
            ["create", "clusterrole", "habits-node-reader", "--verb=get,list", "--resource=nodes"],
            ["create", "clusterrolebinding", "habits-robot-nodes", "--clusterrole=habits-node-reader", "--serviceaccount=habits:robot"],
            ["create", "ingress", "web", "--rule=web.example/=web-cip:80"],
            ["create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=2"],
            ["create", "priorityclass", "habits-high", "--value=1000"],
            ["create", "quota", "habits-quota", "--hard=pods=100"],
            ["create", "cronjob", "nightly", "--image=tdcc.io/echo", "--schedule=*/5 * * * *", "--", "--exit-code=0"],
            ["run", "single", "--image=tdcc.io/echo"],
        ];
        foreach (var create in creates)
        {
            (await kubectl.OkAsync(create)).Should().MatchRegex(@"(created|pod/single created)", string.Join(' ', create));
        }

        (await kubectl.OkAsync("expose", "deployment", "web", "--name=web-exposed", "--port=80", "--target-port=8080")).Should().Contain("service/web-exposed exposed");
        (await kubectl.OkAsync("get", "service", "web-exposed", "-o", "jsonpath={.spec.clusterIP}")).Should().MatchRegex(@"^\d+\.\d+\.\d+\.\d+$");
        (await kubectl.OkAsync("get", "secret", "web-tls", "-o", "jsonpath={.type}")).Should().Be("kubernetes.io/tls");
        (await kubectl.OkAsync("get", "cronjob", "nightly")).Should().MatchRegex(@"nightly\s+\*/5 \* \* \* \*\s+<none>\s+False\s+0");
    }

    /// <summary>A Job whose pod exits 0 completes; one whose pod exits 3 fails; <c>create job --from=cronjob</c>; <c>wait</c> in its forms.</summary>
    private static async Task JobsAndWaitAsync(Kubectl kubectl)
    {
        await kubectl.OkAsync("create", "job", "ok", "--image=tdcc.io/echo", "--", "--run-for=1s", "--exit-code=0");
        await kubectl.OkAsync("create", "job", "manual", "--from=cronjob/nightly");
        (await kubectl.OkAsync("wait", "--for=condition=complete", "job/ok", "job/manual", "--timeout=120s")).Should().Contain("job.batch/ok condition met").And.Contain("job.batch/manual condition met");
        (await kubectl.OkAsync("get", "job", "ok")).Should().MatchRegex(@"ok\s+Complete\s+1/1");

        await kubectl.OkWithInputAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: broken, namespace: habits}
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: main, image: tdcc.io/echo, args: ["--exit-code=3"]}]
            """, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=failed", "job/broken", "--timeout=120s");
        (await kubectl.OkAsync("get", "pods", "-l", "job-name=broken", "-o", "jsonpath={.items[0].status.containerStatuses[0].state.terminated.exitCode}")).Should().Be("3");

        (await kubectl.OkAsync("wait", "--for=condition=Available", "deployment/web", "--timeout=120s")).Should().Contain("deployment.apps/web condition met");
        (await kubectl.OkAsync("wait", "--for=condition=Ready", "pod", "-l", "app=web", "--timeout=120s")).Should().Contain("condition met");
        (await kubectl.OkAsync("wait", "--for=jsonpath={.status.readyReplicas}=3", "deployment/web", "--timeout=120s")).Should().Contain("condition met");
        await kubectl.OkAsync("delete", "pod", "single", "--wait=false");
        await kubectl.OkAsync("wait", "--for=delete", "pod/single", "--timeout=120s");
        var gone = await kubectl.RunAsync("get", "pod", "single");
        gone.StandardError.Should().Contain("pods \"single\" not found", "wait --for=delete returned once the pod was gone");
    }

    /// <summary><c>rollout status|history|undo|pause|resume|restart</c> of a Deployment.</summary>
    private static async Task RolloutAsync(Kubectl kubectl)
    {
        await kubectl.OkAsync("annotate", "deployment/web", "kubernetes.io/change-cause=first", "--overwrite");
        await kubectl.OkAsync("set", "image", "deployment/web", "echo=tdcc.io/echo:v2");
        await kubectl.OkAsync("annotate", "deployment/web", "kubernetes.io/change-cause=to v2", "--overwrite");
        (await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=120s")).Should().Contain("deployment \"web\" successfully rolled out");
        var history = await kubectl.OkAsync("rollout", "history", "deployment/web");
        history.Should().MatchRegex(@"(?m)^1\s+\S").And.MatchRegex(@"(?m)^2\s+to v2");

        (await kubectl.OkAsync("rollout", "undo", "deployment/web", "--to-revision=1")).Should().Contain("rolled back");
        await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=120s");
        (await kubectl.OkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Should().Be("tdcc.io/echo");

        (await kubectl.OkAsync("rollout", "pause", "deployment/web")).Should().Contain("paused");
        var replicaSets = await kubectl.OkAsync("get", "replicasets", "-l", "app=web", "-o", "name");
        await kubectl.OkAsync("set", "image", "deployment/web", "echo=tdcc.io/echo:v3");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await kubectl.OkAsync("get", "replicasets", "-l", "app=web", "-o", "name")).Should().Be(replicaSets, "a paused Deployment makes no new ReplicaSet");
        (await kubectl.OkAsync("rollout", "resume", "deployment/web")).Should().Contain("resumed");
        await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=120s");
        (await kubectl.OkAsync("rollout", "restart", "deployment/web")).Should().Contain("restarted");
        (await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=120s")).Should().Contain("successfully rolled out");
        (await kubectl.OkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.template.metadata.annotations}")).Should().Contain("kubectl.kubernetes.io/restartedAt");
    }

    /// <summary>The controllers' Events; a pod's access log.</summary>
    private static async Task EventsAndLogsAsync(Kubectl kubectl)
    {
        var events = await kubectl.OkAsync("get", "events");
        events.Should().Contain("ScalingReplicaSet").And.Contain("SuccessfulCreate").And.Contain("Scheduled").And.Contain("Started");
        (await kubectl.OkAsync("describe", "deployment", "web")).Should().MatchRegex(@"ScalingReplicaSet\s+.*deployment-controller\s+Scaled (up|down) replica set web-");

        var pod = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")).Trim();
        pod.Should().NotBeEmpty();
        // The echo container's access log: its start line, then one line per HTTP request.
        var podIp = (await kubectl.OkAsync("get", "pod", pod, "-o", "jsonpath={.status.podIP}")).Trim();
        var asked = await PeerTools.RunAsync("curl", ["-s", "--max-time", "10", $"http://{podIp}:8080/habits-were-here"], timeout: TimeSpan.FromSeconds(20));
        asked.StandardOutput.Should().Contain(pod);
        var logs = await kubectl.OkAsync("logs", pod, "--tail=5");
        logs.Should().Contain($"echo: pod habits/{pod} serving on").And.Contain("\"GET /habits-were-here HTTP/1.1\"");
        (await kubectl.OkAsync("logs", pod, "--tail=1")).Trim().Split('\n').Should().ContainSingle();
        var missing = await kubectl.RunAsync("logs", pod, "-c", "nope");
        missing.ExitCode.Should().NotBe(0);
        missing.StandardError.Should().Contain("container nope is not valid for pod " + pod);
        var previous = await kubectl.RunAsync("logs", pod, "--previous");
        previous.ExitCode.Should().NotBe(0);
        previous.StandardError.Should().Contain("previous terminated container");
    }

    /// <summary><c>explain</c> of a built-in field; <c>auth can-i|whoami</c> as the admin and as a ServiceAccount with a token from <c>create token</c>; <c>top</c>.</summary>
    private static async Task ExplainAuthAndTopAsync(Kubectl kubectl)
    {
        var explain = await kubectl.OkAsync("explain", "pod.spec.containers");
        explain.Should().Contain("FIELDS:").And.Contain("image").And.Contain("<[]Container>");

        (await kubectl.OkAsync("auth", "can-i", "create", "pods")).Trim().Should().Be("yes");
        (await kubectl.OkAsync("auth", "whoami")).Should().Contain("kubernetes-admin").And.Contain("system:masters");

        var token = (await kubectl.OkAsync("create", "token", "robot", "--duration=10m")).Trim();
        token.Split('.').Should().HaveCount(3, "a signed JWT");
        (await kubectl.OkAsync("--token", token, "auth", "whoami")).Should().Contain("system:serviceaccount:habits:robot");
        (await kubectl.OkAsync("--token", token, "auth", "can-i", "list", "pods")).Trim().Should().Be("yes");
        var cannot = await kubectl.RunAsync("--token", token, "auth", "can-i", "delete", "pods");
        cannot.StandardOutput.Trim().Should().Be("no");
        (await kubectl.OkAsync("--token", token, "auth", "can-i", "--list")).Should().MatchRegex(@"pods\s+\[\]\s+\[\]\s+\[get list watch\]");
        (await kubectl.OkAsync("--token", token, "get", "pods")).Should().Contain("web-");
        var forbidden = await kubectl.RunAsync("--token", token, "get", "secrets");
        forbidden.ExitCode.Should().NotBe(0);
        forbidden.StandardError.Should().Contain("Forbidden").And.Contain("system:serviceaccount:habits:robot").And.Contain("cannot list resource \"secrets\"");

        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("top", "nodes")).ExitCode == 0, "kubectl top nodes", TimeSpan.FromSeconds(60));
        (await kubectl.OkAsync("top", "nodes")).Should().MatchRegex(@"east-node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%");
        (await kubectl.OkAsync("top", "pods")).Should().MatchRegex(@"web-\S+\s+\d+m\s+\d+Mi");
    }

    /// <summary><c>cordon</c>, <c>drain</c> through the eviction subresource with a PodDisruptionBudget (minAvailable 2 of 3), <c>uncordon</c>.</summary>
    private static async Task DrainWithBudgetAsync(Kubectl kubectl)
    {
        var node = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].spec.nodeName}")).Trim();
        (await kubectl.OkAsync("cordon", node)).Should().Contain($"node/{node} cordoned");
        (await kubectl.OkAsync("get", "node", node)).Should().Contain("SchedulingDisabled");
        await Eventually.TrueAsync(
            async () => (await kubectl.OkAsync("get", "pdb", "web", "-o", "jsonpath={.status.disruptionsAllowed}")).Trim() == "1",
            "the PodDisruptionBudget allows one disruption",
            TimeSpan.FromSeconds(60));
        var drain = await kubectl.OkAsync("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--pod-selector=app=web", "--timeout=180s");
        drain.Should().Contain($"node/{node} drained");
        (await kubectl.OkAsync("get", "pods", "-l", "app=web", "--field-selector", "spec.nodeName=" + node, "-o", "name")).Trim().Should().BeEmpty();
        await kubectl.OkAsync("wait", "--for=jsonpath={.status.readyReplicas}=3", "deployment/web", "--timeout=120s");
        (await kubectl.OkAsync("uncordon", node)).Should().Contain($"node/{node} uncordoned");
    }

    /// <summary><c>diff</c>: exit 1 with the difference, 0 when the manifest matches.</summary>
    private static async Task DiffAsync(Kubectl kubectl, string directory)
    {
        var manifest = Path.Combine(directory, "settings.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: habits}\ndata: {mode: changed}\n");
        var changed = await kubectl.RunAsync("diff", "-f", manifest);
        changed.ExitCode.Should().Be(1, changed.StandardError);
        changed.StandardOutput.Should().Contain("-  mode: demo").And.Contain("+  mode: changed");
        await kubectl.OkAsync("apply", "-f", manifest);
        var same = await kubectl.RunAsync("diff", "-f", manifest);
        same.ExitCode.Should().Be(0, same.StandardOutput + same.StandardError);
    }

    /// <summary>What cannot work here says why in one sentence.</summary>
    private static async Task UnsupportedStreamsAsync(Kubectl kubectl)
    {
        var pod = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")).Trim();
        var exec = await kubectl.RunAsync("exec", pod, "--", "ls");
        exec.ExitCode.Should().NotBe(0);
        exec.StandardError.Should().Contain("tdcc sandbox exec").And.NotContain("NotFound");
        var attach = await kubectl.RunAsync("attach", pod);
        attach.ExitCode.Should().NotBe(0);
        attach.StandardError.Should().NotContain("NotFound").And.Contain("kubectl logs");
    }

    private static (string Certificate, string Key) WriteTlsPair(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=web.example", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(directory, "web.crt");
        var keyPath = Path.Combine(directory, "web.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>kubectl with the sandbox's kubeconfig, one context, namespace <see cref="Ns"/>; each command and its output go to the test log.</summary>
    private sealed class Kubectl(string kubeconfig, string context, ITestOutputHelper output)
    {
        public async Task<PeerResult> RunAsync(params string[] args) => await RunAsync(args, null);

        public async Task<string> OkAsync(params string[] args) => await OkWithInputAsync(null, args);

        public async Task<string> OkWithInputAsync(string? stdin, params string[] args)
        {
            var result = await RunAsync(args, stdin);
            result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)}: {result.StandardError}");
            return result.StandardOutput;
        }

        private async Task<PeerResult> RunAsync(string[] args, string? stdin)
        {
            var result = await PeerTools.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--context", context, "-n", Ns, .. args], stdin, timeout: TimeSpan.FromSeconds(200));
            output.WriteLine($"$ kubectl {string.Join(' ', args)} -> {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
            return result;
        }
    }
}
