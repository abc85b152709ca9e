using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary>The disruption controller's PodDisruptionBudget status, and kubectl cordon/drain through the eviction subresource.</summary>
[Collection(SandboxGroup.Name)]
[Trait("Peer", "kubectl")]
public sealed class DisruptionReconcilerTests(SandboxFixture sandbox)
{
    private const string Ns = "drain-pdb";
    private const string App = "drainee";

    private Task<PeerResult> KubectlAsync(params string[] args) =>
        PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", .. args], timeout: TimeSpan.FromSeconds(120));

    private async Task<PodDisruptionBudget> BudgetAsync(Func<PodDisruptionBudgetStatus, bool> done, string what) =>
        await Eventually.ValueAsync(
            async () => await sandbox.East.Client.Resource<PodDisruptionBudget>().GetAsync(Ns, "web") is { Status: { } s } b && done(s) ? b : null,
            what,
            TimeSpan.FromSeconds(30));

    [PeerFact("kubectl")]
    public async Task Drain_BudgetForbidsThenAllows_EvictsAndReplacesPodsElsewhere()
    {
        RequirePeer.Present("kubectl");
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, Ns);
        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment(Ns, App, 2));
        var pods = await TestWorkloads.RunningPodsAsync(client, Ns, App, 2);
        var node = pods[0].Spec!.NodeName!;
        var create = await KubectlAsync("-n", Ns, "create", "poddisruptionbudget", "web", "--selector=app=" + App, "--min-available=2");
        create.ExitCode.Should().Be(0, create.ToString());

        var budget = await BudgetAsync(s => s.ObservedGeneration == 1 && s.ExpectedPods == 2 && s.CurrentHealthy == 2, "budget computed");
        budget.Status!.DesiredHealthy.Should().Be(2);
        budget.Status.DisruptionsAllowed.Should().Be(0);
        budget.Status.Conditions!.Value.Should().ContainSingle(c => c.Type == "DisruptionAllowed" && c.Status == "False" && c.Reason == "InsufficientPods");
        var table = await KubectlAsync("-n", Ns, "get", "pdb", "web");
        table.StandardOutput.Should().MatchRegex(@"web\s+2\s+N/A\s+0\s+");

        try
        {
            var cordon = await KubectlAsync("cordon", node);
            cordon.ExitCode.Should().Be(0, cordon.ToString());
            cordon.StandardOutput.Should().Contain($"node/{node} cordoned");
            (await KubectlAsync("get", "node", node)).StandardOutput.Should().MatchRegex($@"{node}\s+Ready,SchedulingDisabled\s");

            var blocked = await KubectlAsync("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--pod-selector=app=" + App, "--timeout=8s");
            blocked.ExitCode.Should().NotBe(0, blocked.ToString());
            (blocked.StandardOutput + blocked.StandardError).Should().Contain("Cannot evict pod as it would violate the pod's disruption budget.");
            (await TestWorkloads.RunningPodsAsync(client, Ns, App, 2)).Select(p => p.Metadata.Name).Should().BeEquivalentTo(pods.Select(p => p.Metadata.Name));

            var relax = await KubectlAsync("-n", Ns, "patch", "pdb", "web", "--type=merge", "-p", "{\"spec\":{\"minAvailable\":1}}");
            relax.ExitCode.Should().Be(0, relax.ToString());
            await BudgetAsync(s => s.ObservedGeneration == 2 && s.DisruptionsAllowed == 1 && s.Conditions?.Any(c => c.Reason == "SufficientPods") == true, "budget relaxed");

            var drain = await KubectlAsync("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--pod-selector=app=" + App, "--timeout=90s");
            drain.ExitCode.Should().Be(0, drain.ToString());
            drain.StandardOutput.Should().Contain($"node/{node} drained");
            drain.StandardOutput.Should().Contain($"pod/{pods[0].Metadata.Name} evicted");

            var after = await TestWorkloads.RunningPodsAsync(client, Ns, App, 2, TimeSpan.FromSeconds(60));
            after.Should().OnlyContain(p => p.Spec!.NodeName != node);
            await BudgetAsync(s => s.CurrentHealthy == 2 && s.DisruptionsAllowed == 1 && s.DisruptedPods == null, "budget settled after the drain");
        }
        finally
        {
            var uncordon = await KubectlAsync("uncordon", node);
            uncordon.ExitCode.Should().Be(0, uncordon.ToString());
            var patched = await client.Resource<Node>().GetAsync(null, node);
            patched!.Spec?.Unschedulable.Should().NotBe(true);
        }
    }

    [Fact]
    public async Task ReconcileAsync_MaxUnavailablePercent_ScalesFromTheDeployment()
    {
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "pdb-percent");
        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment("pdb-percent", "pct", 3));
        await TestWorkloads.RunningPodsAsync(client, "pdb-percent", "pct", 3);
        var budget = MaxUnavailableBudget("pdb-percent", "pct", "50%");
        await client.Resource<PodDisruptionBudget>().CreateAsync(budget);

        var computed = await Eventually.ValueAsync(
            async () => await client.Resource<PodDisruptionBudget>().GetAsync("pdb-percent", "pct") is { Status: { ObservedGeneration: 1, CurrentHealthy: 3 } } b ? b : null,
            "percent budget computed",
            TimeSpan.FromSeconds(30));

        // 50% of 3 rounds up to 2 unavailable: 1 must stay healthy, so 2 may go.
        computed.Status!.ExpectedPods.Should().Be(3);
        computed.Status.DesiredHealthy.Should().Be(1);
        computed.Status.DisruptionsAllowed.Should().Be(2);
        computed.Status.Conditions!.Value.Should().ContainSingle(c => c.Type == "DisruptionAllowed" && c.Status == "True" && c.Reason == "SufficientPods");
    }

    private static PodDisruptionBudget MaxUnavailableBudget(string ns, string app, string maxUnavailable) => new()
    {
        Metadata = new ObjectMeta { Name = app, Namespace = ns },
        Spec = new PodDisruptionBudgetSpec
        {
            MaxUnavailable = IntOrString.FromString(maxUnavailable),
            Selector = new LabelSelector { MatchLabels = TestWorkloads.Labels(app) },
        },
    };
}
