using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Peers;

/// <summary>
/// @grpc/grpc-js-xds's <c>XdsServer</c> (gRFC A36) against our ADS server: it serves only once it receives the
/// Listener <c>grpc/server/xds/listening_address/&lt;ip&gt;:&lt;port&gt;</c> the proxyless view of its cluster holds for its
/// endpoint, and a grpc-js-xds client in another cluster reaches it through the clusterset name.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Peer", "node")]
public sealed class GrpcJsXdsServerPeerTests
{
    private const string Target = "xds:///echo.demo.svc.clusterset.local:9090";
    private const string ServerIp = "127.0.0.1";
    private static readonly string[] Members = ["east", "west"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PeerFact("node:@grpc/grpc-js-xds")]
    public async Task GrpcJsXdsServer_EastExport_ServesWestClientAndStopsTakingConnectionsWhenWithdrawn()
    {
        RequirePeer.Present("node:@grpc/grpc-js-xds");
        var port = FreePort.OnLoopback();
        await using var xds = await XdsTestServer.StartAsync(NodeHashes.ByClusterAndRole);

        // 1. East exports echo with the server's address as its one endpoint, not ready yet (a readiness probe on that
        // port could not pass before the server listens): the server still gets its Listener and serves.
        Publish(xds, TestResources.Model(["echo"], [("east", ServerIp, false)], endpointPort: port));
        await using var server = XdsNodeServer.Start(xds.Port, ServerIp, port, "grpc-js-server-east-0", "east", "echo-xds-0", ServerListenerNames.Template);
        await server.WaitForAsync(e => e.Event == "serving" && e.Code == "OK", Wait, "the server to report SERVING");
        await server.WaitForAsync(e => e.Event == "bound" && e.Port == port, Wait, "bindAsync's callback");
        var direct = await server.ProbeAsync(Wait);
        direct.Ok.Should().BeTrue($"the inline route's non_forwarding_action lets calls through ({direct.Code} {direct.Message})");

        // 2. The endpoint turns ready; a grpc-js-xds client in west resolves the clusterset name to it: the xDS server answers.
        Publish(xds, TestResources.Model(["echo"], [("east", ServerIp, true)], endpointPort: port));
        await using (var client = XdsNodeClient.Start(xds.Port, Target, "grpc-js-west-1", "west", callIntervalMilliseconds: 40))
        {
            var calls = await client.WaitForAsync(calls => calls.Count(call => call.Ok) >= 10, Wait, "10 successful calls");
            calls.Where(call => call.Ok).Should().OnlyContain(call => call.Cluster == "east" && call.Pod == "echo-xds-0" && call.PodIp == ServerIp);
        }

        // 3. The endpoint is withdrawn (the pod is gone from the slice): its Listener leaves east's snapshot. grpc-js-xds 1.14.1 handles the
        // deletion (onResourceDoesNotExist) by dropping the listener's config and closing every new connection, so direct
        // calls fail with UNAVAILABLE; it does not call the serving-state listeners (no NOT_SERVING is reported).
        var servingBefore = server.ServingStates.Count;
        Publish(xds, TestResources.Model(["echo"], [], endpointPort: port));
        var refused = await ProbeUntilAsync(server, probe => probe.Ok == false, "a direct call to be refused");
        refused.Code.Should().Be("UNAVAILABLE");
        server.ServingStates.Should().HaveCount(servingBefore, "grpc-js reports nothing when its Listener is deleted")
            .And.OnlyContain(state => state.Code == "OK", "(grpc-js reports SERVING twice on the first start: once on listen(), once on 'listening')");

        // 4. Published again with the very same Listener: the server ACKs it but does not serve again. grpc-js-xds 1.14.1
        // keeps a deleted resource's cached copy (XdsClient: resourcesEqual(cachedResource, new) → no notification), so a
        // Listener that comes back byte for byte unchanged never reaches the server; only a different Listener would.
        var mark = server.ServingStates.Count;
        var version = Publish(xds, TestResources.Model(["echo"], [("east", ServerIp, true)], endpointPort: port))["east"].GetVersion(TypeUrls.Listener);
        await WaitForAckAsync(xds, "grpc-js-server-east-0", version);
        for (var i = 0; i < 3; i++)
        {
            (await server.ProbeAsync(Wait)).Ok.Should().BeFalse("grpc-js ignores the returning identical Listener");
            await Task.Delay(200);
        }

        server.ServingStates.Should().HaveCount(mark);
    }

    private static async Task WaitForAckAsync(XdsTestServer xds, string nodeId, string version)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var node = xds.Status.GetStatus().Nodes.FirstOrDefault(n => n.NodeId == nodeId);
            if (node?.Types.FirstOrDefault(t => t.TypeUrl == TypeUrls.Listener)?.VersionAcked == version)
            {
                node.Group.Should().Be("east", "a node without TDCC_ROLE is proxyless: its group is its cluster");
                return;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"{nodeId} did not ACK LDS version {version}");
    }

    private static async Task<XdsServerEvent> ProbeUntilAsync(XdsNodeServer server, Func<XdsServerEvent, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var probe = await server.ProbeAsync(Wait);
            if (condition(probe))
            {
                return probe;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last probe {probe}\nstderr:\n{server.Stderr}");
            }

            await Task.Delay(100);
        }
    }

    private static IReadOnlyDictionary<string, Snapshot> Publish(XdsTestServer server, ClusterSetModel model)
    {
        var snapshots = NodeGroupTranslator.Translate(model, Members);
        foreach (var (group, snapshot) in snapshots)
        {
            snapshot.Consistent().IsConsistent.Should().BeTrue();
            server.Cache.SetSnapshot(group, snapshot);
        }

        return snapshots;
    }
}
