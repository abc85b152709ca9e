using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

/// <summary>With <see cref="SandboxOptions.HubNodes"/> the hub runs pods too: process pods in the host's network, reaching the hub's API server over https on loopback.</summary>
[Trait("Category", "Slow")]
public sealed class HubProcessPodTests
{
    [Fact]
    public async Task Kubelet_HubWithANode_ProcessPodRunsAndReadsItselfOverHttps()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-hub-procs-").FullName;
        try
        {
            await using var set = await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = directory,
                Members = 0,
                HubNodes = 1,
                InMemory = true,
                Mesh = false,
                ProcessImages = [new ProcessImage("test.local/python", ["python3"], "python3")],
            });
            var hub = set.Clusters[0];
            hub.Role.Should().Be(ClusterRole.Hub);
            await TestWorkloads.CreateNamespaceAsync(hub.Client, "tdcc-system");
            await TestWorkloads.AllowPodReadsAsync(hub.Client, "tdcc-system");
            await hub.Client.Resource<Pod>().CreateAsync(new Pod
            {
                Metadata = new ObjectMeta { Name = "hub-client", Namespace = "tdcc-system" },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = 2,
                    Containers =
                    [
                        new Container
                        {
                            Name = "main",
                            Image = "test.local/python",
                            Args = ["-c", RoutedProcessPodTests.Script],
                            Env =
                            [
                                new EnvVar { Name = "POD_NAME", ValueFrom = RoutedProcessPodTests.Field("metadata.name") },
                                new EnvVar { Name = "POD_IP", ValueFrom = RoutedProcessPodTests.Field("status.podIP") },
                            ],
                            ReadinessProbe = System.Text.Json.JsonDocument.Parse("""{"httpGet":{"path":"/readyz","port":8080},"periodSeconds":1}""").RootElement.Clone(),
                        },
                    ],
                },
            });

            var pod = await Eventually.ValueAsync(
                async () => await hub.Client.Resource<Pod>().GetAsync("tdcc-system", "hub-client") is { } p && PodStates.IsReady(p) ? p : null,
                "the hub's process pod to be ready",
                TimeSpan.FromSeconds(60));
            pod.Spec!.NodeName.Should().Be("hub-node-1");
            pod.Status!.PodIP.Should().StartWith("127.9.");
            using var kubectl = await KubectlSession.StartAsync(hub.ApiServer, hub.ClientOptions.CertificateAuthorityPem, hub.ClientOptions.BearerToken);
            // Ready is the process's HTTP probe; its line about the API server may be written a moment after.
            await Eventually.TrueAsync(
                async () => (await kubectl.RunAsync(null, "logs", "-n", "tdcc-system", "hub-client")).StandardOutput.Contains("apiserver says hub-client", StringComparison.Ordinal),
                "kubectl logs shows the process's own line about reading the hub's API server over HTTPS",
                TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
