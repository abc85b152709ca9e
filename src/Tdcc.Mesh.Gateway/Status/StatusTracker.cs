using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Tdcc.Mesh.Gateway.Status;

/// <summary>The mutable side of <see cref="GatewayStatus"/>: per-peer tunnel state and per-destination counters.</summary>
internal sealed class StatusTracker
{
    private readonly ConcurrentDictionary<string, PeerState> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counters> _destinations = new(StringComparer.Ordinal);

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
        if (!_peers.TryGetValue(cluster, out var state))
        {
            return new PeerStatus(cluster, address, TunnelState.Connecting, TunnelDirection.Outbound, null, null, null);
        }

        lock (state)
        {
            return new PeerStatus(cluster, address, state.State, state.Direction, state.Rtt, state.CertificateNotAfter, state.LastError);
        }
    }

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

    private sealed class Counters
    {
#pragma warning disable CA1051 // fields for Interlocked
        public long Requests;
        public long Errors;
#pragma warning restore CA1051
    }
}
