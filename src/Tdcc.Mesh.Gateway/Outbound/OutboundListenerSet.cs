using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// The outbound listeners, following <see cref="GatewayConfiguration.Outbound"/> without a restart: a new port gets a
/// listener, a port that is gone (or changed between TCP, HTTP/1.1 and HTTP/2) loses its listener, and a port whose
/// backends or policy changed keeps its listener and uses the new configuration for the next request or connection.
/// </summary>
internal sealed class OutboundListenerSet(
    IPAddress address,
    OutboundHttpHandler http,
    OutboundTcpHandler tcp,
    ILoggerFactory loggerFactory,
    CancellationToken connectionsAborted) : IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<OutboundListenerSet>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<int, (IOutboundListener Listener, GatewayProtocol Protocol)> _listeners = [];
    private volatile ImmutableDictionary<int, OutboundPort> _ports = ImmutableDictionary<int, OutboundPort>.Empty;
    private ImmutableArray<ListenerStatus> _status = [];

    /// <summary>The listeners that are accepting (a port whose listener failed to start is absent).</summary>
    public ImmutableArray<ListenerStatus> Status => ImmutableInterlocked.InterlockedCompareExchange(ref _status, default, default) is { IsDefault: false } status ? status : [];

    public async Task ApplyAsync(GatewayConfiguration configuration, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = configuration.Outbound.IsDefaultOrEmpty
                ? ImmutableDictionary<int, OutboundPort>.Empty
                : configuration.Outbound.GroupBy(p => p.ListenPort).ToImmutableDictionary(g => g.Key, g => g.First());
            _ports = desired;
            foreach (var (port, entry) in _listeners.ToList())
            {
                if (!desired.TryGetValue(port, out var wanted) || Kind(wanted.Protocol) != Kind(entry.Protocol))
                {
                    _listeners.Remove(port);
                    await entry.Listener.StopAsync(cancellationToken).ConfigureAwait(false);
                    await entry.Listener.DisposeAsync().ConfigureAwait(false);
                    GatewayLog.ListenerRemoved(_logger, port);
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
                    IOutboundListener listener = wanted.Protocol == GatewayProtocol.Tcp
                        ? new TcpOutboundListener(address, port, () => Current(port), tcp, connectionsAborted)
                        : await HttpOutboundListener.StartAsync(address, port, wanted.Protocol, () => Current(port), http, loggerFactory, cancellationToken).ConfigureAwait(false);
                    _listeners[port] = (listener, wanted.Protocol);
                    GatewayLog.ListenerAdded(_logger, wanted.Service, wanted.Protocol, port);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    GatewayLog.ListenerFailed(_logger, port, e);
                }
            }

            ImmutableInterlocked.InterlockedExchange(
                ref _status,
                [.. _listeners.Keys.Order().Select(port => desired[port]).Select(p => new ListenerStatus(p.ListenPort, p.Service.Authority, p.Protocol))]);
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
            await Task.WhenAll(_listeners.Values.Select(l => l.Listener.StopAsync(cancellationToken))).ConfigureAwait(false);
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
            await entry.Listener.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
        _gate.Dispose();
    }

    private static int Kind(GatewayProtocol protocol) => protocol switch
    {
        GatewayProtocol.Tcp => 0,
        GatewayProtocol.Http => 1,
        _ => 2,
    };

    private OutboundPort? Current(int port) => _ports.TryGetValue(port, out var value) ? value : null;
}
