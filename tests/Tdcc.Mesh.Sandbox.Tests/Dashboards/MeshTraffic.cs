using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Dashboards;

/// <summary>
/// Traffic a dashboard can show, from a member's network to services another member exports: HTTP GETs to
/// <c>demo/echo</c>, TCP echo exchanges with <c>demo/echo-tcp</c> (a TCP service this class deploys and exports), and
/// DNS queries to the member's clusterset DNS server; all in a loop until disposed.
/// </summary>
internal sealed class MeshTraffic : IAsyncDisposable
{
    public const string TcpService = "echo-tcp";
    public const int TcpPort = 7000;

    /// <summary>
    /// An exported service whose pods (echo's) are ready but whose target port nothing listens on: its HTTP requests
    /// and TCP connections reach the destination gateway and fail there (503 and a closed connection, flag UF).
    /// </summary>
    public const string UnservedService = "echo-closed-port";

    /// <summary>The TCP port of <see cref="UnservedService"/>.</summary>
    public const int UnservedTcpPort = 7001;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _http;
    private long _tcp;
    private long _dns;
    private long _failures;

    private MeshTraffic(IClusterNetwork network, IPAddress httpIp, IPAddress tcpIp, IPEndPoint dns, Func<double> load, IPAddress? unservedIp)
    {
        _loop = Task.Run(() => LoopAsync(network, httpIp, tcpIp, dns, load, unservedIp, _stop.Token));
    }

    public long Http => Interlocked.Read(ref _http);

    public long Tcp => Interlocked.Read(ref _tcp);

    public long Dns => Interlocked.Read(ref _dns);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Deploys and exports <c>demo/echo-tcp</c> in <paramref name="exporter"/> (two echo pods serving plain TCP).</summary>
    public static async Task DeployTcpServiceAsync(IKubeClient exporter)
    {
        var labels = ImmutableDictionary<string, string>.Empty.Add("app", TcpService);
        await exporter.Resource<Deployment>().CreateIfMissingAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = TcpService, Namespace = "demo", Labels = labels },
            Spec = new DeploymentSpec
            {
                Replicas = 2,
                Selector = new LabelSelector { MatchLabels = labels },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = labels },
                    Spec = new PodSpec
                    {
                        Containers = [new Container { Name = "echo", Image = EchoImage.Name, Ports = [new Kube.Model.ContainerPort { Name = "tcp-echo", Port = TcpPort }] }],
                    },
                },
            },
        });
        await exporter.Resource<Service>().CreateIfMissingAsync(new Service
        {
            Metadata = new ObjectMeta { Name = TcpService, Namespace = "demo", Labels = labels },
            Spec = new ServiceSpec
            {
                Selector = labels,
                Ports = [new ServicePort { Name = "tcp", Port = TcpPort, TargetPort = IntOrString.FromString("tcp-echo"), AppProtocol = "tcp" }],
            },
        });
        await exporter.Resource<ServiceExport>().CreateIfMissingAsync(new ServiceExport { Metadata = new ObjectMeta { Name = TcpService, Namespace = "demo" } });
    }

    /// <summary>Creates and exports <c>demo/echo-closed-port</c> in <paramref name="exporter"/>: echo's pods, a port nothing listens on.</summary>
    public static async Task DeployUnservedServiceAsync(IKubeClient exporter)
    {
        var labels = ImmutableDictionary<string, string>.Empty.Add("app", "echo");
        await exporter.Resource<Service>().CreateIfMissingAsync(new Service
        {
            Metadata = new ObjectMeta { Name = UnservedService, Namespace = "demo" },
            Spec = new ServiceSpec
            {
                Selector = labels,
                Ports =
                [
                    new ServicePort { Name = "http", Port = 8080, TargetPort = IntOrString.FromInt(9), AppProtocol = "http" },
                    new ServicePort { Name = "tcp", Port = UnservedTcpPort, TargetPort = IntOrString.FromInt(9), AppProtocol = "tcp" },
                ],
            },
        });
        await exporter.Resource<ServiceExport>().CreateIfMissingAsync(new ServiceExport { Metadata = new ObjectMeta { Name = UnservedService, Namespace = "demo" } });
    }

    /// <summary>The ClusterSetIP of <c>demo/<paramref name="service"/></c> in <paramref name="member"/>, once imported.</summary>
    public static async Task<IPAddress> ClusterSetIpAsync(IKubeClient member, string service) =>
        IPAddress.Parse(await Eventually.ValueAsync(
            async () => (await member.Resource<ServiceImport>().GetAsync("demo", service))?.Spec?.Ips is { Length: > 0 } ips ? ips[0] : null,
            $"demo/{service} imported with a ClusterSetIP",
            TimeSpan.FromSeconds(90)));

    /// <summary>One TCP echo exchange from <paramref name="network"/>; true when the bytes came back.</summary>
    public static async Task<bool> TcpEchoAsync(IClusterNetwork network, IPEndPoint endpoint, int size, CancellationToken cancellationToken)
    {
        using var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
            var payload = new byte[size];
            Random.Shared.NextBytes(payload);
            await socket.SendAsync(payload, deadline.Token);
            var received = new byte[size];
            var read = 0;
            while (read < size)
            {
                var n = await socket.ReceiveAsync(received.AsMemory(read), deadline.Token);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            socket.Shutdown(SocketShutdown.Both);
            return received.AsSpan().SequenceEqual(payload);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts the loop: about <c>20 × load()</c> HTTP requests, <c>4 × load()</c> TCP exchanges and 5 DNS queries per
    /// second (<paramref name="load"/> lets a caller vary the rate over time; 1 when null), and with
    /// <paramref name="unservedIp"/> one HTTP request and one TCP connection a second to a service whose port nothing
    /// listens on (failed requests for the response-flag panels).
    /// </summary>
    public static MeshTraffic Start(IClusterNetwork network, IPAddress httpIp, IPAddress tcpIp, IPEndPoint dns, Func<double>? load = null, IPAddress? unservedIp = null) =>
        new(network, httpIp, tcpIp, dns, load ?? (() => 1), unservedIp);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(IClusterNetwork network, IPAddress httpIp, IPAddress tcpIp, IPEndPoint dns, Func<double> load, IPAddress? unservedIp, CancellationToken cancellationToken)
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var tick = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var factor = Math.Max(0.05, load());
            var http = Task.Run(async () =>
            {
                var reply = await NetworkProbe.GetAsync(network, new IPEndPoint(httpIp, 8080), TimeSpan.FromSeconds(5));
                Interlocked.Increment(ref reply.Cluster is null ? ref _failures : ref _http);
            }, cancellationToken);
            Task tcp = Task.CompletedTask;
            if (tick % 5 == 0)
            {
                tcp = Task.Run(async () =>
                {
                    var ok = await TcpEchoAsync(network, new IPEndPoint(tcpIp, TcpPort), 512 + Random.Shared.Next(16 * 1024), cancellationToken);
                    Interlocked.Increment(ref ok ? ref _tcp : ref _failures);
                }, cancellationToken);
            }

            if (unservedIp is not null && tick % 20 == 0)
            {
                // Expected to fail at the destination gateway (UF): not counted as failures.
                _ = Task.Run(() => NetworkProbe.GetAsync(network, new IPEndPoint(unservedIp, 8080), TimeSpan.FromSeconds(5)), cancellationToken);
                _ = Task.Run(() => TcpEchoAsync(network, new IPEndPoint(unservedIp, UnservedTcpPort), 64, cancellationToken), cancellationToken);
            }

            if (tick % 10 == 0)
            {
                await udp.SendAsync(DnsQuery((ushort)tick, tick % 20 == 0 ? "echo.demo.svc.clusterset.local" : "nothing.demo.svc.clusterset.local"), dns, cancellationToken);
                Interlocked.Increment(ref _dns);
            }

            tick++;
            await Task.WhenAll(Task.Delay(TimeSpan.FromMilliseconds(50 / factor), cancellationToken), http, tcp);
        }
    }

    /// <summary>A DNS query for the A record of <paramref name="name"/> (RFC 1035 §4.1), recursion desired.</summary>
    private static byte[] DnsQuery(ushort id, string name)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1); // QDCOUNT
        message.AddRange(header);
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, 0, 1, 0, 1]); // root, QTYPE A, QCLASS IN
        return [.. message];
    }
}
