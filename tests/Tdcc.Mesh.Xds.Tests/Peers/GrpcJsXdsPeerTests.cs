using System.Net;
using Envoy.Config.Cluster.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Peers;

/// <summary>
/// @grpc/grpc-js-xds against our ADS server: it resolves xds:///echo.demo.svc.clusterset.local:9090 through
/// LDS → RDS → CDS → EDS and calls echo pods of two simulated clusters.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Peer", "node")]
public sealed class GrpcJsXdsPeerTests
{
    private const string Target = "xds:///echo.demo.svc.clusterset.local:9090";
    private static readonly string[] Clusters = ["east", "west"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PeerFact("node:@grpc/grpc-js-xds")]
    public async Task GrpcJsXds_TwoClusters_LocalFirstFailoverAndNackKeepsLastGoodConfig()
    {
        RequirePeer.Present("node:@grpc/grpc-js-xds");
        var port = FreePort.OnLoopback();
        var pods = new (string Cluster, string Pod, string Ip)[]
        {
            ("east", "echo-east-0", "127.10.0.201"), ("east", "echo-east-1", "127.10.0.202"),
            ("west", "echo-west-0", "127.11.0.201"), ("west", "echo-west-1", "127.11.0.202"),
        };
        var workloads = new List<IWorkload>();
        await using var server = await XdsTestServer.StartAsync(NodeHashes.ByCluster);
        try
        {
            foreach (var (cluster, pod, ip) in pods)
            {
                var workload = EchoImage.CreateWorkload(new PodIdentity(cluster, "demo", pod, IPAddress.Parse(ip)), [new ContainerPort(port, Name: "grpc")]);
                await workload.StartAsync();
                workloads.Add(workload);
            }

            // 1. Every pod ready: the east node's calls stay in east (priority 0), spread over both east pods.
            Publish(server, TestResources.Model(["echo"], pods.Select(p => (p.Cluster, p.Ip, true)).ToArray(), endpointPort: port));
            await using var client = XdsNodeClient.Start(server.Port, Target, "grpc-js-east-1", "east", region: "us-east", zone: "us-east-1a", callIntervalMilliseconds: 40);
            var first = await client.WaitForAsync(0, calls => calls.Count(call => call.Ok) >= 20, Wait, "20 successful calls");
            var served = first.Where(call => call.Ok).ToList();
            served.Should().OnlyContain(call => call.Cluster == "east", "the node's own cluster is priority 0");
            served.Select(call => call.Pod).Distinct().Should().BeEquivalentTo("echo-east-0", "echo-east-1");

            // 2. East withdrawn: calls move to west and keep succeeding.
            var mark = client.LastSeq;
            Publish(server, TestResources.Model(["echo"], pods.Select(p => (p.Cluster, p.Ip, p.Cluster == "west")).ToArray(), endpointPort: port));
            var failover = await client.WaitForAsync(mark, calls => calls.Count(call => call.Ok && call.Cluster == "west") >= 20, Wait, "20 calls served by west");
            failover.Should().OnlyContain(call => call.Ok, "east pods still answer until their endpoints are gone, west after");
            failover.SkipWhile(call => call.Cluster != "west").Should().OnlyContain(call => call.Cluster == "west");

            // 3. A cluster the client must reject: it NACKs, we show it, calls keep flowing on the last good config.
            mark = client.LastSeq;
            var good = ClusterSetTranslator.TranslatePerCluster(
                TestResources.Model(["echo"], pods.Select(p => (p.Cluster, p.Ip, p.Cluster == "west")).ToArray(), endpointPort: port), Clusters);
            foreach (var (group, snapshot) in good)
            {
                var resources = snapshot.Sets.SelectMany(set => set.Items.Values).Select(resource => resource.Message).ToList();
                foreach (var cluster in resources.OfType<Cluster>())
                {
                    cluster.LbPolicy = Cluster.Types.LbPolicy.Maglev;
                }

                server.Cache.SetSnapshot(group, Snapshot.Create(resources));
            }

            var nack = await WaitForNackAsync(server);
            nack.ErrorDetail.Should().Contain("lb_policy");
            var after = await client.WaitForAsync(mark, calls => calls.Count >= 20, Wait, "20 calls after the NACK");
            after.Should().OnlyContain(call => call.Ok && call.Cluster == "west");

            var json = await server.GetStatusJsonAsync();
            var text = json.RootElement.GetRawText();
            text.Should().Contain("grpc-js-east-1").And.Contain("versionNacked").And.Contain("lb_policy");
        }
        finally
        {
            foreach (var workload in workloads)
            {
                await workload.DisposeAsync();
            }
        }
    }

    private static void Publish(XdsTestServer server, ClusterSetModel model)
    {
        foreach (var (group, snapshot) in ClusterSetTranslator.TranslatePerCluster(model, Clusters))
        {
            snapshot.Consistent().IsConsistent.Should().BeTrue();
            server.Cache.SetSnapshot(group, snapshot);
        }
    }

    private static async Task<XdsTypeStatus> WaitForNackAsync(XdsTestServer server)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var nack = server.Status.GetStatus().Nodes
                .SelectMany(node => node.Types)
                .FirstOrDefault(type => type.TypeUrl == TypeUrls.Cluster && type.VersionNacked is not null);
            if (nack is not null)
            {
                return nack;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("no CDS NACK in the status view");
    }
}
