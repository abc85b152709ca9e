namespace Tdcc.Mesh.Gateway.Status;

/// <summary>The tunnel to one peer gateway.</summary>
/// <param name="Cluster">The peer's cluster.</param>
/// <param name="Address">Its dial address and port (null behind NAT).</param>
/// <param name="State">The tunnel's state.</param>
/// <param name="Direction">Who dialled.</param>
/// <param name="RoundTripTime">The last measured round trip of a tunnelled exchange, if any.</param>
/// <param name="CertificateNotAfter">When the peer's certificate (last seen) expires.</param>
/// <param name="LastError">The last failure reaching the peer, if any.</param>
/// <param name="ReverseConnections">Reverse tunnel connections open with this peer: held from it (direction <see cref="TunnelDirection.Reverse"/>) or dialled to it by this gateway behind NAT.</param>
/// <param name="ConnectedSince">Since when the reverse tunnel has been open without interruption (null when none is open).</param>
/// <param name="Reconnects">How many times a reverse tunnel with this peer ended (each was followed by a new one, or will be).</param>
/// <param name="Down">The peer's gateway answered no probe for a while: its cluster is tried only after all others.</param>
public sealed record PeerStatus(
    string Cluster,
    string? Address,
    TunnelState State,
    TunnelDirection Direction,
    TimeSpan? RoundTripTime,
    DateTimeOffset? CertificateNotAfter,
    string? LastError,
    bool Down = false,
    int ReverseConnections = 0,
    DateTimeOffset? ConnectedSince = null,
    int Reconnects = 0);
