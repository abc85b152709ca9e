namespace Tdcc.Mesh.Gateway.Status;

/// <summary>Which side dialled a tunnel.</summary>
public enum TunnelDirection
{
    /// <summary>This gateway dialled the peer.</summary>
    Outbound,

    /// <summary>The peer dialled this gateway.</summary>
    Inbound,

    /// <summary>The peer (behind NAT) dialled this gateway and holds that connection open; this gateway sends the peer's traffic down it.</summary>
    Reverse,
}
