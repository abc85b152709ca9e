using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Tdcc.Mesh.Gateway.Status;

/// <summary>The mutable side of <see cref="GatewayStatus"/>: per-peer tunnel state and per-destination counters.</summary>
internal sealed class StatusTracker
{
    private readonly ConcurrentDictionary<string, PeerState> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counters> _destinations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Policy, string Source, string Service), Counters> _denials = new();
    private readonly ConcurrentDictionary<string, ReverseState> _reverse = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public StatusTracker(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>A reverse tunnel connection with <paramref name="peer"/> opened (held from it, or dialled to it from behind NAT).</summary>
    public int ReverseOpened(string peer)
    {
        var state = _reverse.GetOrAdd(peer, _ => new ReverseState());
        lock (state)
        {
            if (state.Open++ == 0)
            {
                state.Since = _time.GetUtcNow();
            }

            state.LastError = null;
            return state.Open;
        }
    }

    /// <summary>A reverse tunnel connection with <paramref name="peer"/> ended.</summary>
    public int ReverseClosed(string peer, string reason)
    {
        var state = _reverse.GetOrAdd(peer, _ => new ReverseState());
        lock (state)
        {
            state.Open = Math.Max(0, state.Open - 1);
            state.Reconnects++;
            state.LastError = reason;
            if (state.Open == 0)
            {
                state.Since = null;
            }

            return state.Open;
        }
    }

    /// <summary>A reverse tunnel with <paramref name="peer"/> could not be opened.</summary>
    public void ReverseFailed(string peer, string reason)
    {
        var state = _reverse.GetOrAdd(peer, _ => new ReverseState());
        lock (state)
        {
            state.LastError = reason;
        }
    }

    public void Succeeded(string peer, TunnelDirection direction, TimeSpan? rtt, DateTimeOffset? certificateNotAfter)
    {
        var state = _peers.GetOrAdd(peer, _ => new PeerState());
        lock (state)
        {
            state.State = TunnelState.Connected;
            state.Direction = direction;
            state.Rtt = rtt ?? state.Rtt;
            state.CertificateNotAfter = certificateNotAfter ?? state.CertificateNotAfter;
        }
    }

    public void Failed(string peer, string error)
    {
        var state = _peers.GetOrAdd(peer, _ => new PeerState());
        lock (state)
        {
            state.State = TunnelState.Failed;
            state.LastError = error;
        }
    }

    public void Counted(string service, bool error)
    {
        var counters = _destinations.GetOrAdd(service, _ => new Counters());
        Interlocked.Increment(ref counters.Requests);
        if (error)
        {
            Interlocked.Increment(ref counters.Errors);
        }
    }

    public PeerStatus Peer(string cluster, string? address)
    {
        PeerStatus status;
        if (!_peers.TryGetValue(cluster, out var state))
        {
            status = new PeerStatus(cluster, address, TunnelState.Connecting, TunnelDirection.Outbound, null, null, null);
        }
        else
        {
            lock (state)
            {
                status = new PeerStatus(cluster, address, state.State, state.Direction, state.Rtt, state.CertificateNotAfter, state.LastError);
            }
        }

        _reverse.TryGetValue(cluster, out var reverse);
        int open = 0, reconnects = 0;
        DateTimeOffset? since = null;
        string? reverseError = null;
        if (reverse is not null)
        {
            lock (reverse)
            {
                (open, reconnects, since, reverseError) = (reverse.Open, reverse.Reconnects, reverse.Since, reverse.LastError);
            }
        }

        status = status with { ReverseConnections = open, Reconnects = reconnects, ConnectedSince = since };
        if (string.IsNullOrEmpty(address))
        {
            // Behind NAT: the only tunnel is the one it dials to us, whatever exchanges it made on its own tunnels.
            status = status with
            {
                Direction = TunnelDirection.Reverse,
                State = open > 0 ? TunnelState.Connected : reverse is null ? TunnelState.Connecting : TunnelState.Failed,
                LastError = open > 0 ? null : reverseError ?? "no reverse tunnel from the peer (it is behind NAT and dials this gateway)",
            };
        }
        else if (open == 0 && reverseError is not null && status.LastError is null)
        {
            status = status with { LastError = "reverse tunnel: " + reverseError };
        }

        return status;
    }

    /// <summary>Counts a refusal by a network policy (bounded: policies × peers × exported service ports).</summary>
    public void Denied(string policy, string sourceCluster, string service) =>
        Interlocked.Increment(ref _denials.GetOrAdd((policy, sourceCluster, service), _ => new Counters()).Requests);

    public ImmutableArray<PolicyDenialStatus> Denials() =>
        [.. _denials.OrderBy(d => d.Key.Policy, StringComparer.Ordinal).ThenBy(d => d.Key.Source, StringComparer.Ordinal).ThenBy(d => d.Key.Service, StringComparer.Ordinal)
            .Select(d => new PolicyDenialStatus(d.Key.Policy, d.Key.Source, d.Key.Service, Interlocked.Read(ref d.Value.Requests)))];

    public ImmutableArray<DestinationStatus> Destinations() =>
        [.. _destinations.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new DestinationStatus(d.Key, Interlocked.Read(ref d.Value.Requests), Interlocked.Read(ref d.Value.Errors)))];

    private sealed class PeerState
    {
        public TunnelState State { get; set; }

        public TunnelDirection Direction { get; set; }

        public TimeSpan? Rtt { get; set; }

        public DateTimeOffset? CertificateNotAfter { get; set; }

        public string? LastError { get; set; }
    }

    private sealed class ReverseState
    {
        public int Open { get; set; }

        public int Reconnects { get; set; }

        public DateTimeOffset? Since { get; set; }

        public string? LastError { get; set; }
    }

    private sealed class Counters
    {
#pragma warning disable CA1051 // fields for Interlocked
        public long Requests;
        public long Errors;
#pragma warning restore CA1051
    }
}
