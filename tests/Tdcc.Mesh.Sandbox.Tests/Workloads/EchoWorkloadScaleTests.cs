using System.Diagnostics;
using System.Net;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

[Trait("Category", "Slow")]
public sealed class EchoWorkloadScaleTests
{
    [Fact]
    public async Task StartAsync_HundredPods_AllServeAndStop()
    {
        const int pods = 100;
        var workloads = Enumerable.Range(1, pods)
            .Select(i => EchoImage.CreateWorkload(
                new PodIdentity("scale", "default", $"echo-{i}", IPAddress.Parse($"127.10.201.{i}")),
                [new ContainerPort(8080, Name: "http"), new ContainerPort(9090, Name: "grpc"), new ContainerPort(7000, Name: "tcp")]))
            .ToList();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(workloads.Select(w => w.StartAsync()));
        var started = clock.Elapsed;
        using var http = new HttpClient();
        var answers = await Task.WhenAll(workloads.Select(w => http.GetStringAsync(new Uri($"http://{w.Identity.PodIP}:8080/healthz"))));
        await Task.WhenAll(workloads.Select(w => w.DisposeAsync().AsTask()));

        answers.Should().AllBe("ok");
        started.Should().BeLessThan(TimeSpan.FromSeconds(30));
    }
}
