using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary>The simulated controllers write kube's Events, as kubectl shows them.</summary>
[Collection(SandboxGroup.Name)]
[Trait("Peer", "kubectl")]
public sealed class ControllerEventsTests(SandboxFixture sandbox)
{
    [PeerFact("kubectl")]
    public async Task Events_EchoDeploymentRolledOut_KubeReasonsAndMessages()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "events-rollout");
        await kubectl.CreateEchoDeploymentAsync("web", 3);
        var rs = (string)(await kubectl.JsonAsync("get", "rs", "-l", "app=web"))["items"]![0]!["metadata"]!["name"]!;
        var pods = (await kubectl.JsonAsync("get", "pods", "-l", "app=web"))["items"]!.AsArray().Select(p => (Name: (string)p!["metadata"]!["name"]!, Node: (string)p["spec"]!["nodeName"]!)).ToList();
        pods.Should().HaveCount(3);

        var events = await Eventually.GetAsync<IReadOnlyList<EventRow>>(async () => await kubectl.EventsAsync(), e => e.Count(x => x.Reason == "Started") == 3, "three Started events");

        events.Should().ContainSingle(e => e.Reason == "ScalingReplicaSet").Which.Should().Match<EventRow>(e =>
            e.Message == $"Scaled up replica set {rs} from 0 to 3" && e.Object == "Deployment/web" && e.Component == "deployment-controller"
            && e.ReportingComponent == "deployment-controller" && e.Host == null && e.Type == "Normal");
        foreach (var (name, node) in pods)
        {
            events.Should().Contain(e => e.Reason == "SuccessfulCreate" && e.Message == $"Created pod: {name}" && e.Object == $"ReplicaSet/{rs}" && e.Component == "replicaset-controller");
            events.Should().Contain(e => e.Reason == "Scheduled" && e.Message == $"Successfully assigned events-rollout/{name} to {node}" && e.Object == $"Pod/{name}" && e.Component == "default-scheduler");
            events.Should().Contain(e => e.Reason == "Pulled" && e.Message == "Container image \"tdcc.io/echo\" already present on machine" && e.Object == $"Pod/{name}" && e.Component == "kubelet" && e.Host == node);
            events.Should().Contain(e => e.Reason == "Created" && e.Message == "Created container: echo" && e.Object == $"Pod/{name}" && e.Host == node);
            events.Should().Contain(e => e.Reason == "Started" && e.Message == "Started container echo" && e.Object == $"Pod/{name}" && e.Host == node);
        }

        var table = await kubectl.OkAsync("get", "events");
        table.Should().Contain("ScalingReplicaSet").And.Contain("deployment/web").And.Contain($"Scaled up replica set {rs} from 0 to 3");
        var describeDeployment = await kubectl.OkAsync("describe", "deploy", "web");
        describeDeployment.Should().Contain("ScalingReplicaSet").And.Contain("deployment-controller").And.Contain($"Scaled up replica set {rs} from 0 to 3");
        var describePod = await kubectl.OkAsync("describe", "pod", pods[0].Name);
        describePod.Should().Contain("Scheduled").And.Contain($"Successfully assigned events-rollout/{pods[0].Name} to {pods[0].Node}")
            .And.Contain("Started container echo").And.Contain("kubelet");
    }

    [PeerFact("kubectl")]
    public async Task Events_ScaledDown_KillingAndSuccessfulDelete()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "events-scale");
        await kubectl.CreateEchoDeploymentAsync("web", 3);
        var rs = (string)(await kubectl.JsonAsync("get", "rs", "-l", "app=web"))["items"]![0]!["metadata"]!["name"]!;

        await kubectl.OkAsync("scale", "deploy/web", "--replicas=1");

        var events = await Eventually.GetAsync<IReadOnlyList<EventRow>>(async () => await kubectl.EventsAsync(), e => e.Count(x => x.Reason == "Killing") == 2, "two Killing events");
        events.Should().Contain(e => e.Reason == "ScalingReplicaSet" && e.Message == $"Scaled down replica set {rs} from 3 to 1");
        events.Where(e => e.Reason == "SuccessfulDelete").Should().HaveCount(2).And.OnlyContain(e => e.Message.StartsWith("Deleted pod: web-", StringComparison.Ordinal) && e.Object == $"ReplicaSet/{rs}");
        events.Where(e => e.Reason == "Killing").Should().OnlyContain(e => e.Message == "Stopping container echo" && e.Component == "kubelet" && e.Host!.StartsWith("east-node-", StringComparison.Ordinal));
    }

    [PeerFact("kubectl")]
    public async Task Events_PodFitsNowhere_FailedSchedulingAggregatedWithCount()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "events-unschedulable");
        await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", "create", "namespace", kubectl.Namespace], timeout: TimeSpan.FromSeconds(60));
        await kubectl.OkAsync("run", "huge", "--image=tdcc.io/echo", "--overrides={\"spec\":{\"containers\":[{\"name\":\"huge\",\"image\":\"tdcc.io/echo\",\"resources\":{\"requests\":{\"cpu\":\"1000\"}}}]}}");

        // The scheduler retries every 5 s; the same message becomes one Event whose count grows.
        var events = await Eventually.GetAsync<IReadOnlyList<EventRow>>(async () => await kubectl.EventsAsync(), e => e.Any(x => x.Reason == "FailedScheduling" && x.Count >= 2), "FailedScheduling counted twice", TimeSpan.FromSeconds(40));
        var failed = events.Should().ContainSingle(e => e.Reason == "FailedScheduling").Subject;
        failed.Type.Should().Be("Warning");
        failed.Component.Should().Be("default-scheduler");
        failed.Message.Should().MatchRegex(@"^0/\d+ nodes are available: \d+ Insufficient cpu\.");
        (await kubectl.OkAsync("describe", "pod", "huge")).Should().Contain("FailedScheduling").And.MatchRegex(@"\(x\d+ over");
    }
}
