using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.ApiServer.Http;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// One pod of the echo image: one Kestrel server on the pod IP with an endpoint per container port
/// (HTTP/1.1 + h2c, gRPC, or TCP echo). Cheap enough for hundreds of pods in a process: no configuration
/// providers, no logging providers of its own, routing only on gRPC ports.
/// </summary>
internal sealed partial class EchoWorkload(PodIdentity identity, IReadOnlyList<ContainerPort> ports, ILoggerFactory? loggerFactory, IClusterNetwork network, ContainerLog? accessLog = null)
    : IWorkload
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EchoWorkload>();
    private WebApplication? _app;
    private CancellationTokenSource? _stopping;

    public PodIdentity Identity { get; } = identity;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not null)
            {
                return;
            }

            var stopping = new CancellationTokenSource();
            var app = Build(stopping.Token);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                stopping.Dispose();
                throw;
            }

            _app = app;
            _stopping = stopping;
            Log.Started(_logger, Identity.Cluster, Identity.Namespace, Identity.Pod, Identity.PodIP, ports.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not { } app)
            {
                return;
            }

            _app = null;
            await _stopping!.CancelAsync().ConfigureAwait(false);

            // Listeners close at once; open calls get a short grace period, then are aborted.
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(StopGrace);
            await app.StopAsync(grace.Token).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            _stopping.Dispose();
            _stopping = null;
            Log.Stopped(_logger, Identity.Cluster, Identity.Namespace, Identity.Pod);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private WebApplication Build(CancellationToken stopping)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (network.NamespaceName is not null)
        {
            // Every listener of the pod is created inside its cluster's network namespace.
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket =
                endpoint => network.Run(() => SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint)));
        }

        builder.Services.AddRoutingCore();
        builder.Services.AddMeshGrpc();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        var grpcPorts = new HashSet<int>();
        var address = Identity.PodIP;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var port in ports)
            {
                switch (EchoPorts.Classify(port))
                {
                    case EchoPortKind.Http:
                        ListenHttp(kestrel, address, port.Number);
                        break;
                    case EchoPortKind.Grpc:
                        grpcPorts.Add(port.Number);
                        ListenHttp(kestrel, address, port.Number);
                        break;
                    case EchoPortKind.Tcp:
                        kestrel.Listen(address, port.Number, listen => listen.Run(TcpEchoHandler.EchoAsync));
                        break;
                    case EchoPortKind.None:
                        break;
                }
            }
        });

        var app = builder.Build();
        var http = new EchoHttpHandler(Identity, accessLog);
        app.MapWhen(
            context => grpcPorts.Contains(context.Connection.LocalPort),
            grpc =>
            {
                grpc.UseRouting();
                grpc.UseEndpoints(endpoints =>
                {
                    new EchoGrpcService(Identity).Map(endpoints);
                    new HealthGrpcService(stopping).Map(endpoints);
                    endpoints.MapGrpcUnimplemented();
                });
            });
        app.Run(http.HandleAsync);
        return app;
    }

    /// <summary>HTTP/1.1 and prior-knowledge h2c on one port (see <see cref="CleartextProtocolSelector"/>).</summary>
    private static void ListenHttp(KestrelServerOptions kestrel, IPAddress address, int port)
    {
        var selector = new CleartextProtocolSelector();

        // The hidden HTTP/2-only endpoint only lends its pipeline; it listens on an ephemeral port of the pod IP.
        kestrel.Listen(address, 0, hidden =>
        {
            hidden.Protocols = HttpProtocols.Http2;
            hidden.Use(selector.CaptureHttp2);
        });
        kestrel.Listen(address, port, visible =>
        {
            visible.Protocols = HttpProtocols.Http1;
            visible.Use(selector.Select);
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, EventName = "EchoWorkloadStarted", Level = LogLevel.Debug,
            Message = "Echo workload {Cluster}/{Namespace}/{Pod} listening on {PodIP} ({PortCount} ports).")]
        public static partial void Started(ILogger logger, string cluster, string @namespace, string pod, IPAddress podIP, int portCount);

        [LoggerMessage(EventId = 7002, EventName = "EchoWorkloadStopped", Level = LogLevel.Debug,
            Message = "Echo workload {Cluster}/{Namespace}/{Pod} stopped.")]
        public static partial void Stopped(ILogger logger, string cluster, string @namespace, string pod);
    }
}
