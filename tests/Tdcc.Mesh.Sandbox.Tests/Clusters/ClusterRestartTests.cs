using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Controllers;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

[Collection(SandboxGroup.Name)]
public sealed class ClusterRestartTests
{
    [Fact]
    public async Task StartAsync_SameDirectoryAfterStop_KeepsObjectsAndRestartsPods()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-restart-").FullName;
        var options = new SandboxOptions { Directory = directory, Members = 1, Demo = true, AddressOffset = 120 };
        try
        {
            IReadOnlyList<Pod> before;
            string serviceIp;
            await using (var first = await SandboxHost.StartAsync(options))
            {
                before = await TestWorkloads.RunningPodsAsync(first.Clusters[1].Client, "demo", "echo", 3);
                serviceIp = (await first.Clusters[1].Client.Resource<Service>().GetAsync("demo", "echo"))!.Spec!.ClusterIP!;
                File.Exists(first.EndpointsPath).Should().BeTrue();
                await first.StopAsync();
                File.Exists(first.EndpointsPath).Should().BeFalse();
            }

            await using var second = await SandboxHost.StartAsync(options);
            var after = await TestWorkloads.RunningPodsAsync(second.Clusters[1].Client, "demo", "echo", 3);
            var service = await second.Clusters[1].Client.Resource<Service>().GetAsync("demo", "echo");

            after.Select(p => (p.Metadata.Uid, p.Status!.PodIP)).Should().BeEquivalentTo(before.Select(p => (p.Metadata.Uid, p.Status!.PodIP)));
            service!.Spec!.ClusterIP.Should().Be(serviceIp);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var pod in after)
            {
                (await TestWorkloads.EchoPodNameAsync(http, pod.Status!.PodIP!)).Should().Be(pod.Metadata.Name);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_FreshInAMissingDirectory_StartsThenFreshAgainForgetsTheFirstRun()
    {
        var parent = Directory.CreateTempSubdirectory("tdcc-fresh-").FullName;
        var directory = Path.Combine(parent, "state");
        var options = new SandboxOptions { Directory = directory, Members = 1, Fresh = true, AddressOffset = 120 };
        try
        {
            await using (var first = await SandboxHost.StartAsync(options))
            {
                await first.Clusters[1].Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "first-run" } });
            }

            await using var second = await SandboxHost.StartAsync(options);
            (await second.Clusters[1].Client.Resource<Namespace>().GetAsync(null, "first-run")).Should().BeNull();
            File.Exists(second.EndpointsPath).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
