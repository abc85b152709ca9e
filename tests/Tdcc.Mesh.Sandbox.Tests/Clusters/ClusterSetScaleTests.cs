using System.Diagnostics;
using Tdcc.Mesh.Sandbox.Clusters;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterSetScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartAsync_HundredMembers_AllReadyInOneProcess()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-scale-").FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            await using var set = await SandboxHost.StartAsync(new SandboxOptions { Directory = directory, Members = 100, InMemory = true });
            var started = clock.Elapsed;
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();

            set.Clusters.Should().HaveCount(101);
            set.Clusters[^1].Name.Should().Be("member-100");
            var ready = await Task.WhenAll(set.Clusters.Select(c => c.Client.GetRawAsync("/readyz")));
            ready.Should().AllBe("ok");
            output.WriteLine($"101 clusters ready in {started.TotalSeconds:0.0}s; working set {process.WorkingSet64 / (1024 * 1024)} MiB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
