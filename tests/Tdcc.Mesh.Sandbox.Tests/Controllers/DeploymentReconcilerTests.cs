using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class DeploymentReconcilerTests(SandboxFixture sandbox)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task ReconcileAsync_EchoDeployment_ThreePodsRunAndAnswerWithTheirNames()
    {
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "deploy-run");

        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment("deploy-run", "echo", 3));
        var pods = await TestWorkloads.RunningPodsAsync(client, "deploy-run", "echo", 3);

        var octet = sandbox.East.Addresses.SecondOctet;
        pods.Select(p => p.Status!.PodIP!).Should().OnlyHaveUniqueItems().And.OnlyContain(ip => TestWorkloads.InPodRange(ip, octet));
        pods.Should().OnlyContain(p => p.Metadata.OwnerReferences!.Value.Single().Kind == "ReplicaSet" && p.Metadata.Labels!.ContainsKey("pod-template-hash"));
        pods.Select(p => p.Spec!.NodeName).Should().OnlyContain(n => n!.StartsWith("east-node-", StringComparison.Ordinal));
        foreach (var pod in pods)
        {
            (await TestWorkloads.EchoPodNameAsync(Http, pod.Status!.PodIP!)).Should().Be(pod.Metadata.Name);
        }

        var deployment = await Eventually.ValueAsync(
            async () => await client.Resource<Deployment>().GetAsync("deploy-run", "echo") is { Status.AvailableReplicas: 3 } d ? d : null,
            "deployment available");
        deployment.Status!.ReadyReplicas.Should().Be(3);
        deployment.Status.UpdatedReplicas.Should().Be(3);
        deployment.Status.ObservedGeneration.Should().Be(deployment.Metadata.Generation);
        deployment.Status.Conditions!.Value.Should().Contain(c => c.Type == "Available" && c.Status == "True");
        deployment.Status.Conditions!.Value.Should().Contain(c => c.Type == "Progressing" && c.Status == "True");
    }

    [Fact]
    public async Task ReconcileAsync_ScaledToOne_RemovedPodsRefuseConnections()
    {
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "deploy-scale");
        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment("deploy-scale", "echo", 3));
        var before = await TestWorkloads.RunningPodsAsync(client, "deploy-scale", "echo", 3);

        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } };
        await client.Resource<Deployment>().PatchAsync("deploy-scale", "echo", new Patch(PatchType.Merge, patch.ToJsonString()));
        var after = await TestWorkloads.RunningPodsAsync(client, "deploy-scale", "echo", 1);

        var removed = before.Where(p => p.Metadata.Name != after[0].Metadata.Name).ToList();
        removed.Should().HaveCount(2);
        foreach (var pod in removed)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var connect = async () => await socket.ConnectAsync(System.Net.IPAddress.Parse(pod.Status!.PodIP!), 8080);
            (await connect.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
        }

        (await TestWorkloads.EchoPodNameAsync(Http, after[0].Status!.PodIP!)).Should().Be(after[0].Metadata.Name);
    }

    [Fact]
    public async Task ReconcileAsync_PodDeleted_ReplacedByANewPod()
    {
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "deploy-heal");
        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment("deploy-heal", "echo", 3));
        var before = await TestWorkloads.RunningPodsAsync(client, "deploy-heal", "echo", 3);
        var victim = before[0].Metadata.Name!;

        await client.Resource<Pod>().DeleteAsync("deploy-heal", victim);
        var after = await Eventually.ValueAsync(
            async () =>
            {
                var pods = await TestWorkloads.RunningPodsAsync(client, "deploy-heal", "echo", 3);
                return pods.All(p => p.Metadata.Name != victim) ? pods : null;
            },
            "replacement pod");

        after.Select(p => p.Metadata.Name).Should().NotContain(victim);
        foreach (var pod in after)
        {
            (await TestWorkloads.EchoPodNameAsync(Http, pod.Status!.PodIP!)).Should().Be(pod.Metadata.Name);
        }
    }
}
