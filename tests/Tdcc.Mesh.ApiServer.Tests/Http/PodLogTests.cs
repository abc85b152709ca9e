using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Logs;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary><c>pods/log</c>: kube's validation and messages, and streaming from the registered log source.</summary>
public sealed class PodLogTests
{
    [Fact]
    public async Task GetLog_NoContainerNamedWithTwoContainers_BadRequestListingThem()
    {
        await using var h = await StartWithPodAsync(nodeName: "node-1", containers: ["a", "b"]);

        var (code, body) = await h.GetAsync("/api/v1/namespaces/default/pods/p/log");

        code.Should().Be(400);
        ((string?)body["message"]).Should().Be("a container name must be specified for pod p, choose one of: [a b]");
    }

    [Fact]
    public async Task GetLog_UnknownContainer_BadRequest()
    {
        await using var h = await StartWithPodAsync(nodeName: "node-1", containers: ["a"]);

        var (code, body) = await h.GetAsync("/api/v1/namespaces/default/pods/p/log?container=zz");

        code.Should().Be(400);
        ((string?)body["message"]).Should().Be("container zz is not valid for pod p");
    }

    [Fact]
    public async Task GetLog_PodNotScheduled_BadRequest()
    {
        await using var h = await StartWithPodAsync(nodeName: null, containers: ["a"]);

        var (code, body) = await h.GetAsync("/api/v1/namespaces/default/pods/p/log");

        code.Should().Be(400);
        ((string?)body["message"]).Should().Be("pod p does not have a host assigned");
    }

    [Fact]
    public async Task GetLog_NoLogSource_WaitingToStart()
    {
        await using var h = await StartWithPodAsync(nodeName: "node-1", containers: ["a"]);

        var (code, body) = await h.GetAsync("/api/v1/namespaces/default/pods/p/log");
        var (previousCode, previousBody) = await h.GetAsync("/api/v1/namespaces/default/pods/p/log?previous=true");

        code.Should().Be(400);
        ((string?)body["message"]).Should().Be("container \"a\" in pod \"p\" is waiting to start: ContainerCreating");
        previousCode.Should().Be(400);
        ((string?)previousBody["message"]).Should().Be("previous terminated container \"a\" in pod \"p\" not found");
    }

    [Fact]
    public async Task GetLog_MissingPod_NotFound()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, body) = await h.GetAsync("/api/v1/namespaces/default/pods/nope/log");

        code.Should().Be(404);
        ((string?)body["message"]).Should().Be("pods \"nope\" not found");
    }

    [Fact]
    public async Task GetLog_RegisteredSource_StreamsWhatItWritesForTheResolvedRequest()
    {
        await using var h = await StartWithPodAsync(nodeName: "node-1", containers: ["a"]);
        var source = new RecordingSource();
        h.Server.PodLogs = source;

        var text = await h.Client.GetStringAsync("/api/v1/namespaces/default/pods/p/log?tailLines=2&timestamps=true&follow=true");

        text.Should().Be("line\n");
        source.Last!.Container.Should().Be("a");
        source.Last.TailLines.Should().Be(2);
        source.Last.Timestamps.Should().BeTrue();
        source.Last.Follow.Should().BeTrue();
        source.Last.Previous.Should().BeFalse();
        source.Last.PodUid.Should().NotBeEmpty();
    }

    private static async Task<ApiServerHarness> StartWithPodAsync(string? nodeName, string[] containers)
    {
        var h = await ApiServerHarness.StartAsync();
        var spec = new JsonObject { ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = "busybox" })]) };
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        var (code, body) = await h.PostAsync("/api/v1/namespaces/default/pods", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "p" },
            ["spec"] = spec,
        });
        code.Should().Be(201, body.ToJsonString());
        return h;
    }

    private sealed class RecordingSource : IPodLogSource
    {
        public PodLogRequest? Last { get; private set; }

        public IPodLog? Open(PodLogRequest request)
        {
            Last = request;
            return new FixedLog();
        }
    }

    private sealed class FixedLog : IPodLog
    {
        public Task CopyToAsync(Stream output, CancellationToken cancellationToken) =>
            output.WriteAsync(Encoding.UTF8.GetBytes("line\n"), cancellationToken).AsTask();
    }
}
