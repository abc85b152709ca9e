namespace Tdcc.Mesh.Gateway.Status;

/// <summary>Which side dialled a tunnel.</summary>
public enum TunnelDirection
{
    /// <summary>This gateway dialled the peer.</summary>
    Outbound,

    /// <summary>The peer dialled this gateway.</summary>
    Inbound,
}
