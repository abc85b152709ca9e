using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// Active health checks of the peer gateways: every <c>interval</c> each peer gets one probe over its tunnel
/// (a <c>GET</c> whose <c>:authority</c> is <see cref="TunnelProtocol.HealthAuthority"/>, answered by the peer's
/// gateway itself), on the same pooled connections as the traffic. A peer that has answered no probe for
/// <c>downAfter</c> is down (<see cref="PeerHealth"/>): it is tried after every other cluster and the safe requests
/// waiting on it are moved on; the first answer brings it back. The probe's time to answer is the peer's round trip.
/// </summary>
internal sealed class PeerProber : IAsyncDisposable
{
    private readonly Func<GatewayConfiguration?> _configuration;
    private readonly TunnelClientPool _tunnels;
    private readonly PeerHealth _health;
    private readonly StatusTracker _status;
    private readonly GatewayMetrics _metrics;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _downAfter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Probe> _probes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _lastTick;

    public PeerProber(Func<GatewayConfiguration?> configuration, TunnelClientPool tunnels, PeerHealth health, StatusTracker status, GatewayMetrics metrics, TimeSpan interval, TimeSpan downAfter, TimeProvider time, ILogger logger)
    {
        _configuration = configuration;
        _tunnels = tunnels;
        _health = health;
        _status = status;
        _metrics = metrics;
        _interval = interval;
        _downAfter = downAfter;
        _time = time;
        _logger = logger;
        _loop = interval > TimeSpan.Zero ? Task.Run(LoopAsync) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Tick()
    {
        var config = _configuration();
        if (config is null)
        {
            return;
        }

        var now = _time.GetTimestamp();

        // A tick far behind its schedule means this process was starved (a loaded machine): the answers it has not
        // read yet prove nothing about the peers, so no peer is judged down on this tick (their probes still go out).
        var starved = _lastTick != 0 && _time.GetElapsedTime(_lastTick, now) > _interval * 3;
        _lastTick = now;
        // A peer behind NAT (no address) is probed over its reverse tunnel; without one it answers nothing and is judged down.
        var peers = config.Peers.ToList();
        foreach (var gone in _probes.Keys.Except(peers.Select(p => p.Cluster), StringComparer.Ordinal).ToList())
        {
            _probes.Remove(gone);
        }

        _health.Retain(config.Peers.Select(p => p.Cluster));
        foreach (var peer in peers)
        {
            if (!_probes.TryGetValue(peer.Cluster, out var probe))
            {
                probe = new Probe { LastAnswer = now };
                _probes[peer.Cluster] = probe;
            }

            if (starved)
            {
                // Give the peer the time this process lost.
                Volatile.Write(ref probe.LastAnswer, Math.Max(Volatile.Read(ref probe.LastAnswer), now - (long)(_downAfter.TotalSeconds * _time.TimestampFrequency / 2)));
            }
            else if (_time.GetElapsedTime(Volatile.Read(ref probe.LastAnswer), now) > _downAfter && _health.Unanswered(peer.Cluster))
            {
                GatewayLog.PeerDown(_logger, peer.Cluster, _downAfter);
                _metrics.PeerDown(config.Cluster, peer.Cluster);
            }

            if (_tunnels.For(peer) is { } tunnel && Interlocked.CompareExchange(ref probe.InFlight, 1, 0) == 0)
            {
                _ = SendAsync(tunnel, probe);
            }
        }
    }

    private async Task SendAsync(TunnelClient tunnel, Probe probe)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, tunnel.Prefix)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Headers.Host = TunnelProtocol.HealthAuthority;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            deadline.CancelAfter(_downAfter);
            var sent = Stopwatch.GetTimestamp();
            using var response = await tunnel.Invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);

            // Any answer of the peer's gateway (even a refusal) shows it is there; only an answer to the probe counts as round trip.
            Volatile.Write(ref probe.LastAnswer, _time.GetTimestamp());
            _status.Succeeded(tunnel.Cluster, tunnel.Direction, Stopwatch.GetElapsedTime(sent), null);
            if (_health.Answered(tunnel.Cluster))
            {
                GatewayLog.PeerUp(_logger, tunnel.Cluster);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_stop.IsCancellationRequested)
            {
                _status.Failed(tunnel.Cluster, "probe: " + e.GetBaseException().Message);
            }
        }
        finally
        {
            Volatile.Write(ref probe.InFlight, 0);
        }
    }

    private sealed class Probe
    {
#pragma warning disable CA1051 // fields for Interlocked/Volatile
        public long LastAnswer;
        public int InFlight;
#pragma warning restore CA1051
    }
}
