using System.Globalization;
using System.Net;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// Failover through the east-west gateways, counted (issue 14): echo is exported by east and west, and a client in
/// edge (which serves no echo of its own, so every request crosses a tunnel) sends a steady stream of GETs to echo's
/// ClusterSetIP, spread over east and west by edge's gateway. Then east fails in one of three ways and the test counts
/// the failed requests and the time until every answer comes from west.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class GatewayFailoverTests(FailoverSandboxFixture fixture, ITestOutputHelper output) : IClassFixture<FailoverSandboxFixture>
{
    /// <summary>How long every answer must come from west to call the traffic settled.</summary>
    private static readonly TimeSpan SettledWindow = TimeSpan.FromSeconds(2);

    [NamespacesFact]
    public async Task ScaleDown_EastsPodsToZero_NoFailedRequestAndTrafficOnWest()
    {
        var (set, stream) = await StartStreamAsync();
        await using (stream)
        {
            var east = set.Clusters[1];
            var fault = stream.Now;
            await ScaleEchoAsync(east.Client, 0);
            try
            {
                var figures = await stream.WaitSettledOnAsync("west", fault, SettledWindow, TimeSpan.FromSeconds(60));
                output.WriteLine("scale east to 0: " + figures);
                output.WriteLine("edge's gateway: " + await GatewayPeersAsync(set.Clusters[3]));

                figures.Failed.Should().Be(0, "an endpoint that goes away is answered 503 no-endpoint by east's gateway, and edge's moves the request to west ({0})", figures);
            }
            finally
            {
                await ScaleEchoAsync(east.Client, 3);
            }
        }
    }

    [NamespacesFact]
    public async Task LinkCut_East_ErrorsUnderOneSecondAndTrafficOnWest()
    {
        var (set, stream) = await StartStreamAsync();
        await using (stream)
        {
            var fault = stream.Now;
            await set.Network!.SetLinkAsync("east", up: false);
            try
            {
                var figures = await stream.WaitSettledOnAsync("west", fault, SettledWindow, TimeSpan.FromSeconds(60));
                output.WriteLine("cut east's link: " + figures);
                output.WriteLine("edge's gateway: " + await GatewayPeersAsync(set.Clusters[3]));

                figures.ErrorSpan.Should().BeLessThan(TimeSpan.FromSeconds(1), "the aim: under 1 s of errors for a cut ({0})", figures);
                figures.SettledAfter.Should().BeLessThan(TimeSpan.FromSeconds(5), "edge's gateway finds east's tunnel dead by its probes, well before the hub withdraws east ({0})", figures);
            }
            finally
            {
                await set.Network!.SetLinkAsync("east", up: true);
            }
        }
    }

    [NamespacesFact]
    public async Task GatewayKilled_East_NoFailedRequestAndTrafficOnWest()
    {
        var (set, stream) = await StartStreamAsync();
        await using (stream)
        {
            var east = set.Clusters[1];
            var (pod, pid) = await GatewayProcessAsync(east);
            var fault = stream.Now;
            ProcessSignals.Send(pid, ProcessSignals.Kill, group: false);

            var figures = await stream.WaitSettledOnAsync("west", fault, SettledWindow, TimeSpan.FromSeconds(60));
            output.WriteLine("SIGKILL east's gateway: " + figures);
            output.WriteLine("edge's gateway: " + await GatewayPeersAsync(set.Clusters[3]));

            figures.Failed.Should().Be(0, "requests in flight to a gateway that dies are reset before any answer and retried on west; new ones are refused and go to west ({0})", figures);

            // The kubelet starts the gateway again; east serves again through it.
            await stream.WaitAnsweredByAsync(["east"], stream.Now, TimeSpan.FromSeconds(90), $"east answers again after its gateway ({pod}) restarted");
        }
    }

    [NamespacesFact]
    public async Task ForgedSourceCluster_FromEdgesPod_PodsSeeEdge()
    {
        var (set, stream) = await StartStreamAsync();
        await stream.DisposeAsync();
        var clusterSetIp = await RoutedNetworkTests.ClusterSetIpAsync(set.Clusters[3].Client);

        var answeredBy = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 40 && answeredBy.Count < 2; i++)
        {
            using var reply = await ForgedGetAsync(set.Clusters[3].Network, new IPEndPoint(clusterSetIp, 8080));
            var headers = reply.RootElement.GetProperty("headers");
            answeredBy.Add(reply.RootElement.GetProperty("cluster").GetString()!);

            headers.GetProperty("x-tdcc-source-cluster").GetString().Should().Be("edge", "edge's gateway replaces the header a pod sent, and the receiving gateway checks it against the tunnel's certificate");
            (headers.TryGetProperty("x-tdcc-source-workload", out var workload) ? workload.GetString() : null).Should().NotBe("forged");
        }

        answeredBy.Should().BeEquivalentTo(["east", "west"], "both exporters saw the forged requests");
    }

    /// <summary>A GET from a socket in <paramref name="network"/> that claims to come from east (forged source headers); the echo reply.</summary>
    private static async Task<System.Text.Json.JsonDocument> ForgedGetAsync(Sandbox.Networking.IClusterNetwork network, IPEndPoint endpoint)
    {
        using var socket = network.CreateSocket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(endpoint, deadline.Token);
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {endpoint}\r\nx-tdcc-source-cluster: east\r\nx-tdcc-source-workload: forged\r\n\r\n"), deadline.Token);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(chunk, deadline.Token)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        text.Should().StartWith("HTTP/1.1 200", "the forged request is still served");
        return System.Text.Json.JsonDocument.Parse(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    /// <summary>
    /// The sandbox with echo exported by west too, and a stream from edge answered by both east and west (each test
    /// leaves the sandbox as it found it, so this also waits for east to be back after an earlier test's fault).
    /// </summary>
    private async Task<(Sandbox.Clusters.IClusterSet Set, RequestStream Stream)> StartStreamAsync()
    {
        var set = await fixture.StartAsync();
        var (west, edge) = (set.Clusters[2], set.Clusters[3]);
        await ExportAsync(west.Client);
        var clusterSetIp = await RoutedNetworkTests.ClusterSetIpAsync(edge.Client);
        var stream = RequestStream.Start(edge.Network, new IPEndPoint(clusterSetIp, 8080));
        try
        {
            await stream.WaitBalancedAsync(["east", "west"], TimeSpan.FromSeconds(2), 0.25, TimeSpan.FromSeconds(180), "edge's stream is answered by east and west alike, without failures");
            output.WriteLine("before the fault (last 2 s): " + stream.Summary(stream.Now - TimeSpan.FromSeconds(2)));
            output.WriteLine("edge's gateway: " + await GatewayPeersAsync(edge));
            return (set, stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>The peers in <paramref name="member"/>'s gateway status (<c>/debug/gateway/status</c> over the underlay), for the output.</summary>
    private static async Task<string> GatewayPeersAsync(Sandbox.Clusters.ISimulatedCluster member)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var status = await http.GetStringAsync(new Uri($"http://{member.Addresses.UnderlayAddress}:{Sandbox.Mesh.MemberGateway.HttpPort}{Gateway.Hosting.GatewayHost.StatusPath}"));
        using var document = System.Text.Json.JsonDocument.Parse(status);
        return string.Join("; ", document.RootElement.GetProperty("peers").EnumerateArray().Select(p => p.ToString()));
    }

    private static async Task ExportAsync(IKubeClient member)
    {
        try
        {
            await member.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Name = "echo", Namespace = "demo" } });
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            // Exported by an earlier test.
        }
    }

    private static async Task ScaleEchoAsync(IKubeClient member, int replicas) =>
        await member.Resource<Deployment>().PatchAsync("demo", "echo", new Patch(PatchType.Merge, string.Create(CultureInfo.InvariantCulture, $$$"""{"spec":{"replicas":{{{replicas}}}}}""")));

    /// <summary>
    /// The running gateway pod of <paramref name="member"/> and the pid of its process, as the member's kubelet
    /// recorded it in the pod's directory (checked against the process's start time, so only that process is signalled).
    /// </summary>
    private async Task<GatewayProcess> GatewayProcessAsync(Sandbox.Clusters.ISimulatedCluster member) =>
        await Eventually.ValueAsync<GatewayProcess>(async () =>
        {
            var pods = await member.Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = "tdcc-system", LabelSelector = "app.kubernetes.io/name=" + Sandbox.Mesh.MemberGateway.Name });
            foreach (var pod in pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running"))
            {
                var directory = Path.Combine(fixture.Directory, "pods", member.Name, $"tdcc-system_{pod.Metadata.Name}_{pod.Metadata.Uid}");
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                foreach (var record in Directory.EnumerateFiles(directory, ProcessRecord.FileName, SearchOption.AllDirectories))
                {
                    var parts = (await File.ReadAllTextAsync(record)).Split(' ');
                    if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                        && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start) && ProcessRecord.StartTime(pid) == start)
                    {
                        return new GatewayProcess(pod.Metadata.Name!, pid);
                    }
                }
            }

            return null;
        }, $"the running gateway process of {member.Name}");

    private sealed record GatewayProcess(string Pod, int Pid);
}
