namespace Tdcc.Mesh.Gateway.Status;

/// <summary>The state of a tunnel to a peer gateway.</summary>
public enum TunnelState
{
    /// <summary>No exchange has succeeded yet or the last one is in progress.</summary>
    Connecting,

    /// <summary>The last exchange over the tunnel succeeded.</summary>
    Connected,

    /// <summary>The last attempt to reach the peer failed.</summary>
    Failed,
}
