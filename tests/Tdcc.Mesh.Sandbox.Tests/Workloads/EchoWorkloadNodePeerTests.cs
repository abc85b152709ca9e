using System.Text.Json;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

/// <summary>A real gRPC peer (@grpc/grpc-js) calls the echo and health services served by Tdcc.Mesh.Grpc.</summary>
[Trait("Peer", "node")]
public sealed class EchoWorkloadNodePeerTests
{
    [PeerFact("node", "node:@grpc/grpc-js", "node:@grpc/proto-loader")]
    public async Task GrpcJsClient_EchoAndHealth_Interoperate()
    {
        RequirePeer.Present("node", "node:@grpc/grpc-js", "node:@grpc/proto-loader");
        await using var pod = await EchoPod.StartAsync(50);
        var script = Path.Combine(PeerTools.RepoRoot, "tests", "node", "grpc-echo-client.js");

        var result = await PeerTools.RunAsync(PeerTools.FindExecutable("node")!, [script, $"{pod.IP}:{EchoPod.GrpcPort}"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.Should().Be(0, result.ToString());
        using var output = JsonDocument.Parse(result.StandardOutput);
        var root = output.RootElement;
        root.GetProperty("echo").GetProperty("text").GetString().Should().Be("hello from node");
        root.GetProperty("echo").GetProperty("pod").GetString().Should().Be("echo-50");
        root.GetProperty("echo").GetProperty("podIp").GetString().Should().Be("127.10.200.50");
        root.GetProperty("echo").GetProperty("peerHeader").GetString().Should().Be("grpc-js");
        root.GetProperty("stream").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(0, 1, 2);
        root.GetProperty("chat").EnumerateArray().Select(e => e.GetString()).Should().Equal("a", "b", "c", "d");
        root.GetProperty("health").GetString().Should().Be("SERVING");
        root.GetProperty("unknownService").GetString().Should().Be("NOT_FOUND");
    }
}
