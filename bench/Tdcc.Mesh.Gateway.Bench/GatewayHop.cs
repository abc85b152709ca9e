using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Identity;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// One hop of <see cref="GatewayChain"/>, run in a child process: a <see cref="GatewayServer"/> with the chain's fixed
/// configuration and the hop's certificate, until its standard input closes.
/// </summary>
internal static class GatewayHop
{
    public const string Namespace = "bench";
    public const string Http1Service = "echo";
    public const string H2cService = "echo-h2";
    public const string TcpSourceService = "tcp-source";
    public const string TcpHoldService = "tcp-hold";
    public const int ServicePort = 80;
    public const string HeapCommand = "heap";
    public const string HeapReply = "TDCC-HEAP";

    public static async Task<int> RunAsync(string hop, string directory, ChainPorts ports)
    {
        var cluster = hop;
        var credentials = new GatewayCredentials(
            X509Certificate2.CreateFromPemFile(Path.Combine(directory, hop + ".crt"), Path.Combine(directory, hop + ".key")),
            [X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, "ca.crt")))],
            File.ReadAllText(Path.Combine(directory, "trust-domain")));
        using var configuration = new StaticConfigurationSource(Configuration(cluster, ports));
        await using var server = await GatewayServer.StartAsync(
            new GatewayServerOptions { TunnelAddress = IPAddress.Loopback, TunnelPort = hop == "a" ? ports.TunnelA : ports.TunnelB, OutboundAddress = IPAddress.Loopback },
            configuration,
            new StaticCredentialSource(credentials),
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        // Standard input: "heap" asks for the live heap after a full compacting collection (the benchmark's memory
        // figure without the garbage a Server GC keeps until its next collection); its end stops the hop.
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == HeapCommand)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{HeapReply} {GC.GetTotalMemory(forceFullCollection: false)}"));
            }
        }

        await server.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Hop A serves the outbound ports (two HTTP, two TCP) from cluster b; hop B delivers every service to the backends.</summary>
    public static GatewayConfiguration Configuration(string cluster, ChainPorts ports)
    {
        var http1 = new ServiceKey(Namespace, Http1Service, ServicePort);
        var h2c = new ServiceKey(Namespace, H2cService, ServicePort);
        var tcpSource = new ServiceKey(Namespace, TcpSourceService, ServicePort);
        var tcpHold = new ServiceKey(Namespace, TcpHoldService, ServicePort);
        BackendCluster[] remote = [new BackendCluster("b", 1, 0, 1, [])];
        return cluster == "a"
            ? new GatewayConfiguration
            {
                Cluster = "a",
                Outbound =
                [
                    new OutboundPort(http1, ports.Http1, GatewayProtocol.Http, [.. remote]),
                    new OutboundPort(h2c, ports.H2c, GatewayProtocol.Http2, [.. remote]),
                    new OutboundPort(tcpSource, ports.TcpSource, GatewayProtocol.Tcp, [.. remote]),
                    new OutboundPort(tcpHold, ports.TcpHold, GatewayProtocol.Tcp, [.. remote]),
                ],
                Peers = [new PeerGateway("b", IPAddress.Loopback.ToString(), ports.TunnelB)],
            }
            : new GatewayConfiguration
            {
                Cluster = "b",
                Inbound =
                [
                    new InboundPort(http1, GatewayProtocol.Http, [new EndpointAddress(IPAddress.Loopback.ToString(), ports.BackendHttp1)]),
                    new InboundPort(h2c, GatewayProtocol.Http2, [new EndpointAddress(IPAddress.Loopback.ToString(), ports.BackendH2c)]),
                    new InboundPort(tcpSource, GatewayProtocol.Tcp, [new EndpointAddress(IPAddress.Loopback.ToString(), ports.BackendTcpSource)]),
                    new InboundPort(tcpHold, GatewayProtocol.Tcp, [new EndpointAddress(IPAddress.Loopback.ToString(), ports.BackendTcpHold)]),
                ],
                Peers = [new PeerGateway("a", IPAddress.Loopback.ToString(), ports.TunnelA)],
            };
    }
}
