using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Gateway.Inbound;
using Tdcc.Mesh.Gateway.Ingress;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.Gateway.Outbound;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Gateway.Tunnels;
using Tdcc.Mesh.MeshModel.Ingress;
using Yarp.ReverseProxy.Forwarder;

namespace Tdcc.Mesh.Gateway;

/// <summary>
/// The east-west gateway's data path (docs/gateway.md): the mutual-TLS HTTP/2 tunnel listener, the outbound listener
/// ports following the configuration, and the clients to the peer gateways and local pods. Its metrics are on meter
/// <see cref="MeterName"/>, which the project's Prometheus exporter selects by default.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>The meter of the gateway's metrics (Istio's standard metrics and <c>tdcc_gateway_*</c>).</summary>
    public const string MeterName = GatewayMetrics.MeterName;

    private readonly IGatewayConfigurationSource _configuration;
    private readonly IGatewayCredentialSource _credentials;
    private readonly GatewayServerOptions _options;
    private readonly ILogger _logger;
    private readonly TunnelServer _tunnel;
    private readonly OutboundListenerSet _outbound;
    private readonly TunnelClientPool _tunnels;
    private readonly LocalHttpClient _local;
    private readonly GatewayMetrics _metrics;
    private readonly StatusTracker _status;
    private readonly PeerHealth _health;
    private readonly PeerProber _prober;
    private readonly CancellationTokenSource _connections;
    private readonly ReverseTunnels _reverse;
    private readonly ReverseTunnelServer? _reverseServer;
    private readonly ReverseTunnelDialer? _reverseDialer;
    private readonly IDisposable _configurationChanges;
    private IngressListenerSet? _ingress;
    private IIngressConfigurationSource? _ingressSource;
    private IngressMirror? _mirror;
    private int _stopped;
    private int _disposed;

    private GatewayServer(
        GatewayServerOptions options, IGatewayConfigurationSource configuration, IGatewayCredentialSource credentials, ILogger logger, TunnelServer tunnel,
        OutboundListenerSet outbound, TunnelClientPool tunnels, LocalHttpClient local, GatewayMetrics metrics, StatusTracker status, PeerHealth health, PeerProber prober, CancellationTokenSource connections,
        ReverseTunnels reverse, ReverseTunnelServer? reverseServer, ReverseTunnelDialer? reverseDialer)
    {
        _reverse = reverse;
        _reverseServer = reverseServer;
        _reverseDialer = reverseDialer;
        _options = options;
        _configuration = configuration;
        _credentials = credentials;
        _logger = logger;
        _tunnel = tunnel;
        _outbound = outbound;
        _tunnels = tunnels;
        _local = local;
        _metrics = metrics;
        _status = status;
        _health = health;
        _prober = prober;
        _connections = connections;
        _configurationChanges = ChangeToken.OnChange(configuration.GetChangeToken, () => _ = ApplyAsync(CancellationToken.None));
    }

    /// <summary>The ingress listener ports accepting (empty without ingress, docs/ingress.md).</summary>
    public System.Collections.Immutable.ImmutableArray<int> IngressPorts => _ingress?.Ports ?? [];

    /// <summary>The version of the ingress configuration in force (empty without ingress).</summary>
    public string IngressVersion => _ingress?.Version ?? string.Empty;

    /// <summary>The bound tunnel address.</summary>
    public IPEndPoint TunnelEndPoint => _tunnel.EndPoint;

    /// <summary>A snapshot of peers, tunnels, listeners and counters.</summary>
    public GatewayStatus Status
    {
        get
        {
            var config = _configuration.Current;
            var peers = config?.Peers ?? [];
            return new GatewayStatus(
                config?.Cluster ?? string.Empty,
                config?.Version ?? string.Empty,
                _credentials.Current?.Certificate.NotAfter.ToUniversalTime(),
                TunnelEndPoint.ToString(),
                [.. peers.Select(p => _status.Peer(p.Cluster, p.Address is null ? null : p.Address + ":" + p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) with { Down = _health.IsDown(p.Cluster) })],
                _outbound.Status,
                _status.Destinations(),
                _status.Denials())
            {
                IngressPorts = IngressPorts,
                IngressVersion = IngressVersion,
            };
        }
    }

    /// <summary>Starts the tunnel listener and the outbound listeners of the current configuration.</summary>
    public static Task<GatewayServer> StartAsync(
        GatewayServerOptions options, IGatewayConfigurationSource configuration, IGatewayCredentialSource credentials, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken) =>
        StartAsync(options, configuration, credentials, null, loggerFactory, time, cancellationToken);

    /// <summary>
    /// Starts the tunnel listener, the outbound listeners of the current configuration and, with <paramref name="ingress"/>,
    /// the ingress listeners it describes on <see cref="GatewayServerOptions.IngressAddress"/> (docs/ingress.md), following its changes.
    /// </summary>
    public static async Task<GatewayServer> StartAsync(
        GatewayServerOptions options, IGatewayConfigurationSource configuration, IGatewayCredentialSource credentials, IIngressConfigurationSource? ingress, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);

        var logger = loggerFactory.CreateLogger<GatewayServer>();
        var status = new StatusTracker(time);
        StatusHolder? holder = new();
        var metrics = new GatewayMetrics(null, () => holder.Tunnels(), () => holder.RoundTrips());
        var forwarder = CreateForwarder(loggerFactory, time);
        var validator = new PeerCertificateValidator(credentials, configuration, time);
        var health = new PeerHealth();
        var reverse = new ReverseTunnels(status, health, logger);
        var tunnels = new TunnelClientPool(credentials, validator, status, health, options.ConnectTimeout, reverse, logger);
        var local = new LocalHttpClient(options.ConnectTimeout);
        var picker = new EndpointPicker();
        var tcp = new TcpConnector(picker, options.ConnectTimeout);
        var outliers = new OutlierTracker(time, metrics, logger);
        var selector = new BackendSelector(outliers, health);
        var connections = new CancellationTokenSource();
        var inbound = new InboundHandler(configuration, credentials, forwarder, local, picker, tcp, metrics, status, reverse, logger);
        var breakers = new CircuitBreakers();
        var http = new OutboundHttpHandler(() => configuration.Current, forwarder, tunnels, local, picker, selector, new RouteRuleMatcher(), breakers, outliers, metrics, status, logger);
        var tcpOut = new OutboundTcpHandler(() => configuration.Current, tunnels, new TunnelConnector(status), tcp, selector, breakers, outliers, metrics, status, options.ConnectTimeout, logger);
        var outbound = new OutboundListenerSet(options.OutboundAddress, http, tcpOut, loggerFactory, connections.Token);
        TunnelServer? tunnel = null;
        PeerProber? prober = null;
        ReverseTunnelServer? reverseServer = null;
        ReverseTunnelDialer? reverseDialer = null;
        try
        {
            tunnel = await TunnelServer.StartAsync(new IPEndPoint(options.TunnelAddress, options.TunnelPort), credentials, validator, inbound, options.MaxStreamsPerTunnelConnection, loggerFactory, cancellationToken).ConfigureAwait(false);
            if (options.ReverseTunnels)
            {
                reverseServer = await ReverseTunnelServer.StartAsync(inbound, options.MaxStreamsPerTunnelConnection, loggerFactory, cancellationToken).ConfigureAwait(false);
                reverseDialer = new ReverseTunnelDialer(tunnels, reverseServer, status, options.ReverseConnectionsPerPeer, options.ConnectTimeout, options.ReverseBackoffBase, options.ReverseBackoffMax, time, logger);
            }

            prober = new PeerProber(() => configuration.Current, tunnels, health, status, metrics, options.PeerProbeInterval, options.PeerDownAfter, time, logger);
            var server = new GatewayServer(options, configuration, credentials, logger, tunnel, outbound, tunnels, local, metrics, status, health, prober, connections, reverse, reverseServer, reverseDialer);
            holder.Server = server;
            await server.ApplyAsync(cancellationToken).ConfigureAwait(false);
            if (ingress is not null)
            {
                var mirror = new IngressMirror(local.Invoker, () => configuration.Current, options.OutboundAddress, logger);
                var ingressHandler = new IngressHandler(() => configuration.Current, http, forwarder, local, picker, new IngressMatcher(new RouteRuleMatcher()), mirror, metrics, logger);
                server._mirror = mirror;
                server._ingress = new IngressListenerSet(options.IngressAddress, ingressHandler, options.DrainTimeout, loggerFactory);
                server._ingressSource = ingress;
                ingress.Changed += server.OnIngressChanged;
                await server.ApplyIngressAsync(cancellationToken).ConfigureAwait(false);
            }

            GatewayLog.Started(logger, configuration.Current?.Cluster ?? "(unknown)", tunnel.EndPoint);
            return server;
        }
        catch
        {
            if (prober is not null)
            {
                await prober.DisposeAsync().ConfigureAwait(false);
            }

            if (reverseDialer is not null)
            {
                await reverseDialer.DisposeAsync().ConfigureAwait(false);
            }

            if (reverseServer is not null)
            {
                await reverseServer.DisposeAsync().ConfigureAwait(false);
            }

            if (tunnel is not null)
            {
                await tunnel.DisposeAsync().ConfigureAwait(false);
            }

            reverse.Dispose();

            await outbound.DisposeAsync().ConfigureAwait(false);
            tunnels.Dispose();
            local.Dispose();
            metrics.Dispose();
            connections.Dispose();
            throw;
        }
    }

    /// <summary>Stops accepting (outbound ports and tunnel), lets streams in flight finish within the drain timeout, then closes the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _configurationChanges.Dispose();
        if (_ingressSource is not null)
        {
            _ingressSource.Changed -= OnIngressChanged;
        }

        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(_options.DrainTimeout);
        try
        {
            await Task.WhenAll(_outbound.StopAsync(drain.Token), _ingress?.StopAsync(drain.Token) ?? Task.CompletedTask).ConfigureAwait(false);

            // The reverse tunnels held here carried only this gateway's outbound traffic, drained above.
            _reverse.Close();

            // No new reverse tunnels; the streams on those open are drained with the tunnel listener's.
            _reverseDialer?.StopDialling();
            await Task.WhenAll(_tunnel.StopAsync(drain.Token), _reverseServer?.StopAsync(drain.Token) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Drain time is over: what is left is closed below.
        }

        await _connections.CancelAsync().ConfigureAwait(false);
        if (_reverseDialer is not null)
        {
            await _reverseDialer.DisposeAsync().ConfigureAwait(false);
        }

        await _prober.DisposeAsync().ConfigureAwait(false);
        GatewayLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        // Once: a test harness that restarts a gateway may dispose it again at the end.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _tunnel.DisposeAsync().ConfigureAwait(false);
        if (_reverseServer is not null)
        {
            await _reverseServer.DisposeAsync().ConfigureAwait(false);
        }

        await _outbound.DisposeAsync().ConfigureAwait(false);
        if (_ingress is not null)
        {
            await _ingress.DisposeAsync().ConfigureAwait(false);
        }

        _mirror?.Dispose();
        _tunnels.Dispose();
        _reverse.Dispose();
        _local.Dispose();
        _metrics.Dispose();
        _connections.Dispose();
    }

    private static IHttpForwarder CreateForwarder(ILoggerFactory loggerFactory, TimeProvider time)
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, loggerFactory);
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, typeof(ILogger<>), typeof(Logger<>));
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, time);
        Microsoft.Extensions.DependencyInjection.ReverseProxyServiceCollectionExtensions.AddHttpForwarder(services);
        var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IHttpForwarder>(provider);
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var config = _configuration.Current;
            if (config is null || Volatile.Read(ref _stopped) != 0)
            {
                return;
            }

            _tunnels.Retain(config.Peers);
            _reverse.Retain(config.Peers);
            _reverseDialer?.Apply(config.Peers);
            await _outbound.ApplyAsync(config, cancellationToken).ConfigureAwait(false);
            _metrics.Known(config);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            GatewayLog.ConfigurationFailed(_logger, e);
        }
    }

    private void OnIngressChanged(object? sender, EventArgs e) => _ = ApplyIngressAsync(CancellationToken.None);

    private async Task ApplyIngressAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_ingress is null || _ingressSource is null || Volatile.Read(ref _stopped) != 0)
            {
                return;
            }

            await _ingress.ApplyAsync(_ingressSource.Current, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            GatewayLog.ConfigurationFailed(_logger, e);
        }
    }

    /// <summary>Lets the observable gauges, created before the server, read it once it exists.</summary>
    private sealed class StatusHolder
    {
        public GatewayServer? Server { get; set; }

        public IEnumerable<Measurement<int>> Tunnels()
        {
            if (Server is not { } server)
            {
                yield break;
            }

            var status = server.Status;
            foreach (var peer in status.Peers)
            {
                foreach (var state in Enum.GetValues<TunnelState>())
                {
                    yield return new Measurement<int>(
                        peer.State == state ? 1 : 0,
                        new KeyValuePair<string, object?>("gateway_cluster", status.Cluster),
                        new KeyValuePair<string, object?>("peer_cluster", peer.Cluster),
                        new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()),
                        new KeyValuePair<string, object?>("direction", peer.Direction.ToString().ToLowerInvariant()));
                }
            }
        }

        public IEnumerable<Measurement<double>> RoundTrips()
        {
            if (Server is not { } server)
            {
                yield break;
            }

            var status = server.Status;
            foreach (var peer in status.Peers)
            {
                if (peer.RoundTripTime is { } rtt)
                {
                    yield return new Measurement<double>(
                        rtt.TotalSeconds,
                        new KeyValuePair<string, object?>("gateway_cluster", status.Cluster),
                        new KeyValuePair<string, object?>("peer_cluster", peer.Cluster));
                }
            }
        }
    }
}
