using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Mesh;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>
/// The mesh as a platform team installs it: the real helm installs charts/tdcc-mesh into the sandbox's hub (two
/// <c>tdcc hub</c> replicas) and members (<c>tdcc agent</c>), which the kubelets run as processes. Then the leader's
/// process is killed (SIGKILL, as a node losing power: the Lease is not released and must expire), and later the
/// leader's pod is deleted (as a node drain would: the Lease is released); each time the standby must take over
/// without losing or duplicating anything.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "helm")]
public sealed class HelmMeshTests(ITestOutputHelper output)
{
    private const int AddressOffset = 80;

    [PeerFact("helm", "kubectl")]
    public async Task HelmInstall_HubAndAgentsAsProcesses_ImportAndDnsThenLeaderKilledAndLeaderPodDeletedStandbyTakesOver()
    {
        RequirePeer.Present("helm", "kubectl");
        var directory = Directory.CreateTempSubdirectory("tdcc-helm-mesh-").FullName;
        try
        {
            await using var set = await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = directory,
                Members = 2,
                Demo = true,
                AddressOffset = AddressOffset,
                MeshMode = MeshMode.Helm,
                HelmPath = PeerTools.FindExecutable("helm"),
                ChartDirectory = Path.Combine(PeerTools.RepoRoot, "charts", "tdcc-mesh"),
            });
            var hub = set.Clusters[0];
            var east = set.Clusters[1];
            var west = set.Clusters[2];

            // Every mesh component is a process run by a kubelet: two hub replicas, one agent per member.
            var hubPods = await hub.Client.Resource<Pod>().ListAsync(new Kube.Client.ListOptions { Namespace = HelmMesh.Namespace, LabelSelector = "app.kubernetes.io/instance=tdcc-hub" });
            hubPods.Items.Should().HaveCount(2).And.OnlyContain(p => p.Status!.Phase == "Running");
            var logs = await PeerTools.RunAsync("kubectl", ["--kubeconfig", Path.Combine(directory, "kubeconfig"), "--context", "east", "logs", "-n", HelmMesh.Namespace, "-l", "app.kubernetes.io/instance=tdcc-agent", "--tail", "50"], timeout: TimeSpan.FromSeconds(60));
            logs.ExitCode.Should().Be(0, logs.StandardError);
            logs.StandardOutput.Should().Contain("joined the mesh", "kubectl logs shows the agent process's own output");

            // demo/echo exported by east is imported in west and resolves at west's clusterset DNS server (the agent pod).
            var import = await west.Client.Resource<ServiceImport>().GetAsync("demo", "echo");
            import!.Spec!.Ips.Should().NotBeNullOrEmpty();
            var dns = set.Mesh!.Dns["west"];
            var dig = await PeerTools.RunAsync("dig", ["+short", "@" + dns[..dns.LastIndexOf(':')], "-p", dns[(dns.LastIndexOf(':') + 1)..], "echo.demo.svc.clusterset.local"]);
            if (dig.ExitCode == 0 || PeerTools.IsCi)
            {
                dig.StandardOutput.Trim().Should().Be(import.Spec.Ips!.Value[0]);
            }

            using (var http = new HttpClient())
            {
                var xds = set.Mesh.Xds;
                (await http.GetAsync(new Uri($"http://{xds.Host}:8080/readyz"))).StatusCode.Should().Be(HttpStatusCode.OK, "the hub replica serving xDS is ready");
            }

            await LeaderProcessKilledAsync(hub, east, west);

            // The leader's pod is deleted; the standby takes the Lease over and a new export is imported again.
            var lease = await hub.Client.Resource<Lease>().GetAsync(HelmMesh.Namespace, "tdcc-hub");
            var leader = lease!.Spec!.HolderIdentity!;
            var leaderPod = leader[..leader.LastIndexOf('_')];
            var clock = Stopwatch.StartNew();
            await hub.Client.Resource<Pod>().DeleteAsync(HelmMesh.Namespace, leaderPod);

            // The old leader drains on SIGTERM and may still reconcile for a moment; the export is created only once the
            // standby holds the Lease, so that it is the standby that imports it.
            string? newLeader = null;
            await Eventually.TrueAsync(
                async () =>
                {
                    newLeader = (await hub.Client.Resource<Lease>().GetAsync(HelmMesh.Namespace, "tdcc-hub"))?.Spec?.HolderIdentity;
                    return !string.IsNullOrEmpty(newLeader) && newLeader != leader;
                },
                "the standby hub replica takes the Lease over after the leader's pod is deleted",
                TimeSpan.FromSeconds(90));
            var leaseTakeover = clock.Elapsed;
            await east.Client.Resource<Service>().CreateAsync(new Service
            {
                Metadata = new ObjectMeta { Namespace = "demo", Name = "after-failover" },
                Spec = new ServiceSpec { Selector = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("app", "echo"), Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromInt(8080) }] },
            });
            await east.Client.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "after-failover" } });
            await Eventually.TrueAsync(
                async () => (await west.Client.Resource<ServiceImport>().GetAsync("demo", "after-failover"))?.Spec?.Ips is { Length: > 0 },
                "a new export is imported after the leader's pod is deleted",
                TimeSpan.FromSeconds(90));
            var takeover = clock.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"standby held the Lease {leaseTakeover.TotalSeconds:0.0} s and the new export was imported {takeover.TotalSeconds:0.0} s after the leader's pod was deleted"));
            (await hub.Client.Resource<Lease>().GetAsync(HelmMesh.Namespace, "tdcc-hub"))!.Spec!.HolderIdentity.Should().Be(newLeader, "the standby keeps the Lease");

            // Nothing lost or duplicated: each export is on the hub once, each service imported once.
            var exported = await hub.Client.Resource<ExportedService>().ListAsync();
            exported.Items.Select(e => (e.Spec!.ServiceNamespace, e.Spec.ServiceName, e.Metadata.Namespace)).Should().OnlyHaveUniqueItems()
                .And.Contain(("demo", "echo", "tdcc-cluster-east")).And.Contain(("demo", "after-failover", "tdcc-cluster-east"));
            var imports = await west.Client.Resource<ServiceImport>().ListAsync(new Kube.Client.ListOptions { Namespace = "demo" });
            imports.Items.Select(i => i.Metadata.Name).Should().BeEquivalentTo(["echo", "after-crash", "after-failover"]);
            var clusters = await hub.Client.Resource<ManagedCluster>().ListAsync();
            clusters.Items.Should().HaveCount(2).And.OnlyContain(c => ConditionSet.IsTrue(c.Status!.Conditions, ClusterConditions.Ready));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Service EchoService(string name) => new()
    {
        Metadata = new ObjectMeta { Namespace = "demo", Name = name },
        Spec = new ServiceSpec { Selector = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("app", "echo"), Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromInt(8080) }] },
    };

    private static int ProcessId(Pod pod)
    {
        var id = pod.Status!.ContainerStatuses!.Value.Single().ContainerID!;
        id.Should().StartWith("process://", "the sandbox's kubelet runs the hub as a process");
        return int.Parse(id["process://".Length..], CultureInfo.InvariantCulture);
    }

    private static string PodOf(string identity) => identity[..identity.LastIndexOf('_')];

    /// <summary>
    /// SIGKILLs the leading hub replica's process: no SIGTERM, so the Lease is not released and the standby may take
    /// it only once it expires (<c>--lease-duration</c>, 15 s, after the last renewal). A new export is made at
    /// once; the time until it is imported in the other member is the crash failover time.
    /// </summary>
    private async Task LeaderProcessKilledAsync(ISimulatedCluster hub, ISimulatedCluster east, ISimulatedCluster west)
    {
        var leases = hub.Client.Resource<Lease>();
        var crashed = (await leases.GetAsync(HelmMesh.Namespace, "tdcc-hub"))!.Spec!.HolderIdentity!;
        var crashedPod = (await hub.Client.Resource<Pod>().GetAsync(HelmMesh.Namespace, PodOf(crashed)))!;
        var restartsBefore = crashedPod.Status!.ContainerStatuses!.Value.Single().RestartCount;
        var before = await MeshObjects.ReadAsync(hub.Client, west.Client);

        var clock = Stopwatch.StartNew();
        using (var process = Process.GetProcessById(ProcessId(crashedPod)))
        {
            process.Kill();
        }

        await east.Client.Resource<Service>().CreateAsync(EchoService("after-crash"));
        await east.Client.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "after-crash" } });
        var takeover = Task.Run(async () =>
        {
            var holder = await Eventually.ValueAsync(
                async () => (await leases.GetAsync(HelmMesh.Namespace, "tdcc-hub"))?.Spec?.HolderIdentity is { Length: > 0 } h && h != crashed ? h : null,
                "another hub process takes the Lease over after the leader's process is killed",
                TimeSpan.FromSeconds(60));
            return (Holder: holder, At: clock.Elapsed);
        });
        await Eventually.TrueAsync(
            async () => (await west.Client.Resource<ServiceImport>().GetAsync("demo", "after-crash"))?.Spec?.Ips is { Length: > 0 },
            "a new export is imported after the leader's process is killed",
            TimeSpan.FromSeconds(60));
        var imported = clock.Elapsed;
        var (newLeader, leaseTakenAt) = await takeover;
        var by = PodOf(newLeader) == PodOf(crashed) ? "the killed pod's restarted process" : "the standby replica";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leader's process killed (SIGKILL): {by} took the Lease over {leaseTakenAt.TotalSeconds:0.0} s and the new export was imported {imported.TotalSeconds:0.0} s after the kill"));
        leaseTakenAt.Should().BeGreaterThan(TimeSpan.FromSeconds(5), "a killed leader does not release the Lease: it must expire");

        // The kubelet restarts the killed container (restartPolicy Always), as kube does; both replicas serve again.
        await Eventually.TrueAsync(
            async () =>
            {
                var pods = await hub.Client.Resource<Pod>().ListAsync(new Kube.Client.ListOptions { Namespace = HelmMesh.Namespace, LabelSelector = "app.kubernetes.io/instance=tdcc-hub" });
                return pods.Items.Length == 2
                    && pods.Items.All(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
                    && pods.Items.Single(p => p.Metadata.Name == crashedPod.Metadata.Name).Status!.ContainerStatuses!.Value.Single().RestartCount > restartsBefore;
            },
            "the killed hub container is restarted and both replicas are ready",
            TimeSpan.FromSeconds(90));

        // Nothing lost or duplicated: every object from before is there with its uid; the new ones are the new export's
        // (one export, one aggregated import and one member import; its slices once its endpoints are imported).
        await Eventually.TrueAsync(
            async () => (await MeshObjects.ReadAsync(hub.Client, west.Client)).Count("member-slice", "after-crash") > 0,
            "the new export's endpoints are imported in west",
            TimeSpan.FromSeconds(60));
        var after = await MeshObjects.ReadAsync(hub.Client, west.Client);
        after.Objects.Should().Contain(before.Objects, "no export, import or slice from before the crash was lost or recreated");
        after.AddedSince(before).Should().OnlyContain(o => o.Value.Service == "after-crash", "only the new export's objects were added");
        after.Count("hub-export", "after-crash").Should().Be(1);
        after.Count("hub-import", "after-crash").Should().Be(1);
        after.Count("member-import", "after-crash").Should().Be(1);
        after.Count("member-slice", "after-crash").Should().Be(before.Count("member-slice", "echo"), "the new export selects the same pods as demo/echo");
    }
}
