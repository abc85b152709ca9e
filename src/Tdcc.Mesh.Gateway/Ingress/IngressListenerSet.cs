using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// The ingress listener ports, one Kestrel socket per port, following the <see cref="IngressConfiguration"/> without a
/// restart: the compiled tables of all ports are swapped at once (a request keeps the table it started with), a new
/// port gets a socket, a port that is gone (or changed between HTTP and HTTPS) closes its socket and lets its requests
/// in flight finish within the drain timeout. HTTP ports speak HTTP/1.1 and h2c (prior knowledge); HTTPS ports
/// terminate TLS with the certificate of the listener whose hostname fits the SNI, ALPN <c>h2</c> and <c>http/1.1</c>.
/// </summary>
internal sealed class IngressListenerSet(IPAddress address, IngressHandler handler, TimeSpan drainTimeout, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<IngressListenerSet>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<int, (WebApplication App, IngressProtocol Protocol)> _listeners = [];
    private volatile ImmutableDictionary<int, IngressPortTable> _ports = ImmutableDictionary<int, IngressPortTable>.Empty;
    private ImmutableArray<int> _accepting = [];
    private string _version = string.Empty;

    /// <summary>The ports whose socket is accepting.</summary>
    public ImmutableArray<int> Ports => ImmutableInterlocked.InterlockedCompareExchange(ref _accepting, default, default) is { IsDefault: false } ports ? ports : [];

    /// <summary>The version of the configuration in force.</summary>
    public string Version => Volatile.Read(ref _version);

    public async Task ApplyAsync(IngressConfiguration configuration, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = (configuration.Listeners.IsDefault ? [] : configuration.Listeners)
                .GroupBy(l => l.Port)
                .ToImmutableDictionary(g => g.Key, g => new IngressPortTable(g.Key, [.. g]));
            _ports = desired;
            Volatile.Write(ref _version, configuration.Version);
            foreach (var (port, entry) in _listeners.ToList())
            {
                if (!desired.TryGetValue(port, out var wanted) || wanted.Protocol != entry.Protocol)
                {
                    _listeners.Remove(port);
                    using var drain = new CancellationTokenSource(drainTimeout);
                    await entry.App.StopAsync(drain.Token).ConfigureAwait(false);
                    await entry.App.DisposeAsync().ConfigureAwait(false);
                    GatewayLog.IngressListenerRemoved(_logger, port);
                }
            }

            foreach (var (port, wanted) in desired)
            {
                if (_listeners.ContainsKey(port))
                {
                    continue;
                }

                try
                {
                    var app = await StartAsync(port, wanted.Protocol, cancellationToken).ConfigureAwait(false);
                    _listeners[port] = (app, wanted.Protocol);
                    var names = string.Join(", ", configuration.Listeners.Where(l => l.Port == port).Select(l => l.Gateway + "/" + l.Name));
                    GatewayLog.IngressListenerAdded(_logger, port, wanted.Protocol, names);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    GatewayLog.IngressListenerFailed(_logger, port, e);
                }
            }

            ImmutableInterlocked.InterlockedExchange(ref _accepting, [.. _listeners.Keys.Order()]);
            var ports = string.Join(",", _listeners.Keys.Order());
            var count = configuration.Listeners.IsDefault ? 0 : configuration.Listeners.Length;
            GatewayLog.IngressApplied(_logger, configuration.Version, count, ports);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_listeners.Values.Select(l => l.App.StopAsync(cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _listeners.Values)
        {
            await entry.App.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
        _gate.Dispose();
    }

    private async Task<WebApplication> StartAsync(int port, IngressProtocol protocol, CancellationToken cancellationToken)
    {
        var app = KestrelApp.Create(loggerFactory, kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;

            // h2c clients send :scheme http on a connection Kestrel believes negotiated h2 (CleartextHttp2Detection).
            kestrel.AllowAlternateSchemes = true;
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (protocol == IngressProtocol.Http)
                {
                    listen.Use(CleartextHttp2Detection.Middleware);
                }
                else
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificateSelector = (_, sni) => Current(port)?.Certificate(sni),
                        CheckCertificateRevocation = false,
                    });
                }
            });
        });
        app.Run(context =>
        {
            if (Current(port) is not { } table)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsync("this port serves no ingress listener any more\n", context.RequestAborted);
            }

            return handler.HandleAsync(context, table);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private IngressPortTable? Current(int port) => _ports.TryGetValue(port, out var table) ? table : null;
}
