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
/// <c>tdcc hub</c> replicas) and members (<c>tdcc agent</c>), which the kubelets run as processes. Then the leader's pod
/// is deleted, as a node drain would, and the standby must take over without losing or duplicating anything.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "helm")]
public sealed class HelmMeshTests(ITestOutputHelper output)
{
    private const int AddressOffset = 80;

    [PeerFact("helm", "kubectl")]
    public async Task HelmInstall_HubAndAgentsAsProcesses_ImportAndDnsThenLeaderPodDeletedStandbyTakesOver()
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
            imports.Items.Select(i => i.Metadata.Name).Should().BeEquivalentTo(["echo", "after-failover"]);
            var clusters = await hub.Client.Resource<ManagedCluster>().ListAsync();
            clusters.Items.Should().HaveCount(2).And.OnlyContain(c => ConditionSet.IsTrue(c.Status!.Conditions, ClusterConditions.Ready));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
