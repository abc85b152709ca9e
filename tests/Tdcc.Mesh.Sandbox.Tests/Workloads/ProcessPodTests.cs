using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Controllers;
using Tdcc.Mesh.Sandbox.Workloads;

using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

/// <summary>Pods of process images run as real local processes: command line, environment, service account, probes, restarts, logs, deletion.</summary>
[Collection(ProcessSandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class ProcessPodTests(ProcessSandboxFixture sandbox)
{
    private IKubeClient Client => sandbox.Member.Client;

    [Fact]
    public async Task Kubelet_TdccImageWithVersionArgNeverRestart_RunsLocalTdccAndSucceeds()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-tdcc");
        await ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: version, namespace: proc-tdcc}
            spec:
              restartPolicy: Never
              nodeName: east-node-1
              containers:
              - name: tdcc
                image: ghcr.io/tdcc-mesh/tdcc:0.1.0
                args: ["--version"]
            """);

        var pod = await PodAsync("proc-tdcc", "version", p => p.Status?.Phase == "Succeeded", TimeSpan.FromSeconds(60));

        var terminated = State(pod, "tdcc").GetProperty("terminated");
        terminated.GetProperty("exitCode").GetInt32().Should().Be(0);
        terminated.GetProperty("reason").GetString().Should().Be("Completed");
        pod.Status!.Conditions!.Value.Should().Contain(c => c.Type == "Ready" && c.Status == "False" && c.Reason == "PodCompleted");
        var logs = await KubectlAsync("logs", "-n", "proc-tdcc", "version");
        logs.Should().MatchRegex(@"\d+\.\d+");
    }

    [Fact]
    public async Task Kubelet_ShellDeployment_ProcessGetsArgsEnvServiceAccountAndApiServer()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-env");
        await ApplyAsync("""
            apiVersion: v1
            kind: Secret
            metadata: {name: creds, namespace: proc-env}
            stringData: {password: s3cret}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: proc-env}
            data: {mode: fast}
            ---
            # RBAC is on: the pod's ServiceAccount may read pods, as it would need to in a real cluster.
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pod-reader, namespace: proc-env}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: default-reads-pods, namespace: proc-env}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
            subjects: [{kind: ServiceAccount, name: default, namespace: proc-env}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: shell, namespace: proc-env}
            spec:
              replicas: 1
              selector: {matchLabels: {app: shell}}
              template:
                metadata: {labels: {app: shell}}
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: main
                    image: test.local/sh:1
                    args: ["-c", "echo 'args name=$(POD_NAME) ip=$(POD_IP) kept=$(UNDEFINED) literal=$$(POD_NAME)'; env | sort; exec sleep 600"]
                    env:
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                    - {name: SA_NAME, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
                    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: password}}}
                    - {name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: mode}}}
                    - {name: GREETING, value: "hello $(POD_NAME) in $(POD_NAMESPACE)"}
            """);

        var pod = await RunningPodAsync("proc-env", "app=shell");
        var name = pod.Metadata.Name!;
        var ip = pod.Status!.PodIP!;
        var logs = await EventuallyLogsAsync("proc-env", name, "KUBERNETES_SERVICE_HOST=");

        logs.Should().Contain($"args name={name} ip={ip} kept=$(UNDEFINED) literal=$(POD_NAME)");
        var env = logs.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        env["POD_NAME"].Should().Be(name);
        env["POD_NAMESPACE"].Should().Be("proc-env");
        env["POD_IP"].Should().Be(ip);
        env["NODE_NAME"].Should().Be(pod.Spec!.NodeName);
        env["SA_NAME"].Should().Be("default");
        env["PASSWORD"].Should().Be("s3cret");
        env["MODE"].Should().Be("fast");
        env["GREETING"].Should().Be($"hello {name} in proc-env");
        env["HOSTNAME"].Should().Be(name);
        var secure = sandbox.Member.SecureApiServer!;
        env["KUBERNETES_SERVICE_HOST"].Should().Be(secure.Host);
        env["KUBERNETES_SERVICE_PORT"].Should().Be(secure.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var saDirectory = env[ProcessLauncher.ServiceAccountDirectoryVariable];
        File.ReadAllText(Path.Combine(saDirectory, "namespace")).Should().Be("proc-env");
        File.ReadAllText(Path.Combine(saDirectory, "ca.crt")).Should().Be(sandbox.Member.CertificateAuthorityPem);
        File.ReadAllText(Path.Combine(saDirectory, "token")).Should().NotBeEmpty();

        // Our in-cluster config, from exactly what the process was given, reaches the API server over https.
        var inCluster = KubeClientOptions.InCluster(key => env.GetValueOrDefault(key));
        inCluster.Server.Scheme.Should().Be("https");
        inCluster.Namespace.Should().Be("proc-env");
        using (var client = new KubeClient(inCluster))
        {
            var self = await client.Resource<Pod>().GetAsync("proc-env", name);
            self!.Metadata.Uid.Should().Be(pod.Metadata.Uid);
        }

        using (var untrusting = new KubeClient(inCluster with { CertificateAuthorityPem = null }))
        {
            var act = async () => await untrusting.Resource<Pod>().GetAsync("proc-env", name);
            await act.Should().ThrowAsync<HttpRequestException>();
        }

        // Deleting the pod stops the process.
        var pid = Pid(pod, "main");
        ProcessAlive(pid).Should().BeTrue();
        await Client.Resource<Pod>().DeleteAsync("proc-env", name);
        await Eventually.TrueAsync(() => Task.FromResult(!ProcessAlive(pid)), $"process {pid} to exit", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(saDirectory)), "the pod's directory to be removed", TimeSpan.FromSeconds(20));

        // Its replacement is stopped too, so the other tests have every process slot.
        await Client.Resource<Deployment>().PatchAsync("proc-env", "shell", new Patch(PatchType.Merge, "{\"spec\":{\"replicas\":0}}"));
        Pod[] left = [];
        try
        {
            await Eventually.TrueAsync(
                async () => (left = [.. (await Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = "proc-env" })).Items]).Length == 0,
                "the shell pods to be gone",
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}: {string.Join("; ", left.Select(p => $"{p.Metadata.Name} deleting={p.Metadata.DeletionTimestamp} node={p.Spec?.NodeName} phase={p.Status?.Phase} {p.Status?.ContainerStatuses?.FirstOrDefault()?.State}"))}", e);
        }
    }

    [Fact]
    public async Task Kubelet_HttpProbes_ReadinessFollowsReadyzAndLivenessRestarts()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-probe");
        var files = Directory.CreateTempSubdirectory("tdcc-probe-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(files, "healthz"), "ok");
            await File.WriteAllTextAsync(Path.Combine(files, "readyz"), "ok");
            await ApplyAsync($$$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: proc-probe}
                spec:
                  nodeName: east-node-2
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: web
                    image: test.local/python
                    args: ["-m", "http.server", "8080", "--bind", "$(POD_IP)", "--directory", "{{{files}}}"]
                    env:
                    - name: POD_IP
                      valueFrom: {fieldRef: {fieldPath: status.podIP}}
                    ports:
                    - {name: http, containerPort: 8080}
                    readinessProbe: {httpGet: {path: /readyz, port: http}, periodSeconds: 1, failureThreshold: 1}
                    livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1, failureThreshold: 2}
            """);

            var ready = await PodAsync("proc-probe", "web", PodStates.IsReady, TimeSpan.FromSeconds(30));
            ready.Status!.Phase.Should().Be("Running");

            File.Delete(Path.Combine(files, "readyz"));
            var unready = await PodAsync("proc-probe", "web", p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "False") == true, TimeSpan.FromSeconds(20));
            unready.Status!.ContainerStatuses!.Value.Single().Ready.Should().BeFalse();
            unready.Status.Phase.Should().Be("Running");
            await File.WriteAllTextAsync(Path.Combine(files, "readyz"), "ok");
            await PodAsync("proc-probe", "web", PodStates.IsReady, TimeSpan.FromSeconds(20));

            var firstPid = Pid(ready, "web");
            File.Delete(Path.Combine(files, "healthz"));
            var restarted = await PodAsync("proc-probe", "web", p => p.Status?.ContainerStatuses?.Single().RestartCount >= 1, TimeSpan.FromSeconds(30));
            await File.WriteAllTextAsync(Path.Combine(files, "healthz"), "ok");
            var last = restarted.Status!.ContainerStatuses!.Value.Single().LastState!.Value.GetProperty("terminated");
            last.GetProperty("exitCode").GetInt32().Should().NotBe(0);
            ProcessAlive(firstPid).Should().BeFalse();
            var healed = await PodAsync("proc-probe", "web", PodStates.IsReady, TimeSpan.FromSeconds(40));
            Pid(healed, "web").Should().NotBe(firstPid);
            await Client.Resource<Pod>().DeleteAsync("proc-probe", "web");
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    [Fact]
    public async Task Kubelet_ExitingProcessRestartAlways_CrashLoopBackOffWithPreviousLogs()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-crash");
        await ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: crash, namespace: proc-crash}
            spec:
              nodeName: east-node-3
              containers:
              - name: main
                image: test.local/sh
                args: ["-c", "echo first; echo second; echo crashing >&2; exit 3"]
            """);

        var pod = await PodAsync(
            "proc-crash",
            "crash",
            p => p.Status?.ContainerStatuses?.SingleOrDefault() is { RestartCount: >= 1, State: { } s } && s.TryGetProperty("waiting", out var w) && w.GetProperty("reason").GetString() == "CrashLoopBackOff",
            TimeSpan.FromSeconds(30));

        pod.Status!.Phase.Should().Be("Running");
        var status = pod.Status.ContainerStatuses!.Value.Single();
        State(pod, "main").GetProperty("waiting").GetProperty("message").GetString().Should().StartWith("back-off 10s restarting failed container=main pod=crash_proc-crash");
        var terminated = status.LastState!.Value.GetProperty("terminated");
        terminated.GetProperty("exitCode").GetInt32().Should().Be(3);
        terminated.GetProperty("reason").GetString().Should().Be("Error");
        var previous = await KubectlAsync("logs", "-n", "proc-crash", "crash", "--previous");
        previous.Should().Be("first\nsecond\ncrashing\n");
        (await KubectlAsync("logs", "-n", "proc-crash", "crash", "--previous", "--tail=1")).Should().Be("crashing\n");
        (await KubectlAsync("logs", "-n", "proc-crash", "crash", "--previous", "--timestamps")).Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z first\n");
        await Client.Resource<Pod>().DeleteAsync("proc-crash", "crash");
    }

    [Fact]
    public async Task Kubelet_FollowLogs_StreamsUntilTheProcessEnds()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-follow");
        await ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: ticker, namespace: proc-follow}
            spec:
              restartPolicy: Never
              nodeName: east-node-1
              containers:
              - name: main
                image: test.local/sh
                args: ["-c", "for i in 1 2 3; do echo tick $i; sleep 1; done"]
            """);
        await PodAsync("proc-follow", "ticker", p => p.Status?.Phase == "Running", TimeSpan.FromSeconds(20));

        var followed = await KubectlAsync("logs", "-n", "proc-follow", "ticker", "-f");

        followed.Should().Be("tick 1\ntick 2\ntick 3\n");
        var pod = await PodAsync("proc-follow", "ticker", p => p.Status?.Phase == "Succeeded", TimeSpan.FromSeconds(20));
        pod.Status!.ContainerStatuses!.Value.Single().RestartCount.Should().Be(0);
    }

    [Fact]
    public async Task Kubelet_TdccImageWithForeignCommand_CreateContainerError()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-cmd");
        await ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: bash, namespace: proc-cmd}
            spec:
              nodeName: east-node-1
              containers:
              - name: main
                image: ghcr.io/tdcc-mesh/tdcc:0.1.0
                command: ["/bin/bash"]
            """);

        var pod = await PodAsync("proc-cmd", "bash", p => p.Status?.ContainerStatuses is not null, TimeSpan.FromSeconds(20));

        pod.Status!.Phase.Should().Be("Pending");
        var waiting = State(pod, "main").GetProperty("waiting");
        waiting.GetProperty("reason").GetString().Should().Be("CreateContainerError");
        waiting.GetProperty("message").GetString().Should().Contain("\"/bin/bash\" is not tdcc");
        var logs = await sandbox.Kubectl.RunAsync(null, "logs", "-n", "proc-cmd", "bash");
        logs.ExitCode.Should().NotBe(0);
        logs.StandardError.Should().Contain("container \"main\" in pod \"bash\" is waiting to start: CreateContainerError");
        await Client.Resource<Pod>().DeleteAsync("proc-cmd", "bash");
    }

    [Fact]
    public async Task Kubelet_MoreContainersThanTheProcessCap_ExtraOnesWaitWithProcessLimitReached()
    {
        await TestWorkloads.CreateNamespaceAsync(Client, "proc-cap");
        var count = ProcessSandboxFixture.MaxProcesses + 1;
        await ApplyAsync($$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: sleepers, namespace: proc-cap}
            spec:
              replicas: {{{count}}}
              selector: {matchLabels: {app: sleepers}}
              template:
                metadata: {labels: {app: sleepers}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: main, image: test.local/sh, args: ["-c", "exec sleep 600"]}
            """);

        var pods = await Eventually.ValueAsync(
            async () =>
            {
                var list = (await Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = "proc-cap", LabelSelector = "app=sleepers" })).Items;
                var waiting = list.Where(p => p.Status?.ContainerStatuses?.SingleOrDefault()?.State is { } s && s.TryGetProperty("waiting", out var w) && w.GetProperty("reason").GetString() == "ProcessLimitReached").ToList();
                var running = list.Count(p => p.Status?.Phase == "Running");

                // Processes of other tests may hold slots too: the cap is what matters.
                return running is > 0 and <= ProcessSandboxFixture.MaxProcesses && waiting.Count >= 1 && running + waiting.Count == count ? waiting : null;
            },
            "sleepers running up to the cap, the others waiting for a process slot",
            TimeSpan.FromSeconds(60));
        State(pods[0], "main").GetProperty("waiting").GetProperty("message").GetString().Should().Contain($"at most {ProcessSandboxFixture.MaxProcesses} processes");

        // Scaled to zero: every sleeper is deleted and its process stopped, which frees the slots for the other tests.
        await Client.Resource<Deployment>().PatchAsync("proc-cap", "sleepers", new Patch(PatchType.Merge, "{\"spec\":{\"replicas\":0}}"));
        await Eventually.TrueAsync(
            async () => (await Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = "proc-cap" })).Items.Length == 0,
            "the sleepers to be gone",
            TimeSpan.FromSeconds(30));
    }

    private static JsonElement State(Pod pod, string container) =>
        pod.Status!.ContainerStatuses!.Value.Single(c => c.Name == container).State!.Value;

    private static int Pid(Pod pod, string container)
    {
        var id = pod.Status!.ContainerStatuses!.Value.Single(c => c.Name == container).ContainerID!;
        id.Should().StartWith("process://");
        return int.Parse(id["process://".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private async Task ApplyAsync(string yaml)
    {
        var result = await sandbox.Kubectl.RunAsync(yaml, "apply", "-f", "-");
        result.ExitCode.Should().Be(0, result.ToString());
    }

    private async Task<string> KubectlAsync(params string[] args)
    {
        var result = await sandbox.Kubectl.RunAsync(null, args);
        result.ExitCode.Should().Be(0, result.ToString());
        return result.StandardOutput;
    }

    private async Task<string> EventuallyLogsAsync(string ns, string pod, string expected) =>
        await Eventually.ValueAsync(
            async () =>
            {
                var result = await sandbox.Kubectl.RunAsync(null, "logs", "-n", ns, pod);
                return result.ExitCode == 0 && result.StandardOutput.Contains(expected, StringComparison.Ordinal) ? result.StandardOutput : null;
            },
            $"logs of {pod} to show {expected}");

    private async Task<Pod> PodAsync(string ns, string name, Func<Pod, bool> predicate, TimeSpan timeout)
    {
        Pod? last = null;
        try
        {
            return await Eventually.ValueAsync(
                async () => (last = await Client.Resource<Pod>().GetAsync(ns, name)) is { } p && predicate(p) ? p : null,
                $"pod {ns}/{name}",
                timeout);
        }
        catch (TimeoutException e)
        {
            var seen = last is null ? "none" : JsonSerializer.Serialize(last, Pod.JsonTypeInfo);
            throw new TimeoutException($"{e.Message}; last status: {seen}", e);
        }
    }

    private async Task<Pod> RunningPodAsync(string ns, string selector)
    {
        Pod[] seen = [];
        try
        {
            return await Eventually.ValueAsync(
                async () => (seen = (await Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = ns, LabelSelector = selector })).Items.ToArray())
                    .FirstOrDefault(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null && p.Status.ContainerStatuses?.Single().Started == true),
                $"a running pod {selector} in {ns}",
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; seen: {string.Join("; ", seen.Select(p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State.ToString()))}", e);
        }
    }
}
