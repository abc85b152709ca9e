using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects;

public sealed class PodGracefulDeletionTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    private static JsonObject Pod(string name, string? nodeName, long? grace = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = nodeName,
            ["terminationGracePeriodSeconds"] = grace,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "tdcc.io/echo" }),
        },
    };

    [Fact]
    public async Task Delete_ScheduledPod_KeepsItTerminatingWithGracePeriod()
    {
        await using var api = await ApiServerHarness.StartAsync();
        await api.PostAsync(Pods, Pod("p", "node-1", grace: 45));

        var (code, body) = await api.DeleteAsync(Pods + "/p");
        var (getCode, stored) = await api.GetAsync(Pods + "/p");

        code.Should().BeOneOf(200, 202);
        getCode.Should().Be(200);
        stored["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        ((long)stored["metadata"]!["deletionGracePeriodSeconds"]!).Should().Be(45);
        body["metadata"]!["deletionTimestamp"].Should().NotBeNull();
    }

    [Fact]
    public async Task Delete_ScheduledPodWithDefaultGrace_Uses30Seconds()
    {
        await using var api = await ApiServerHarness.StartAsync();
        await api.PostAsync(Pods, Pod("p", "node-1"));

        await api.DeleteAsync(Pods + "/p");
        var (_, stored) = await api.GetAsync(Pods + "/p");

        ((long)stored["metadata"]!["deletionGracePeriodSeconds"]!).Should().Be(30);
    }

    [Fact]
    public async Task Delete_GraceZeroAfterGracefulDelete_RemovesPod()
    {
        await using var api = await ApiServerHarness.StartAsync();
        await api.PostAsync(Pods, Pod("p", "node-1"));
        await api.DeleteAsync(Pods + "/p");

        var (code, _) = await api.DeleteAsync(Pods + "/p", new JsonObject { ["gracePeriodSeconds"] = 0 });
        var (getCode, _) = await api.GetAsync(Pods + "/p");

        code.Should().Be(200);
        getCode.Should().Be(404);
    }

    [Fact]
    public async Task Delete_UnscheduledPod_RemovesAtOnce()
    {
        await using var api = await ApiServerHarness.StartAsync();
        await api.PostAsync(Pods, Pod("p", nodeName: null));

        await api.DeleteAsync(Pods + "/p");
        var (getCode, _) = await api.GetAsync(Pods + "/p");

        getCode.Should().Be(404);
    }
}
