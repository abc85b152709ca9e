namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>How quickly the sandbox's mesh notices a member that went quiet (tests shorten these).</summary>
public sealed record MeshTimings
{
    /// <summary>How often each member's agent renews its Lease on the hub.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A member whose Lease was not renewed for this long is Offline.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>After being Offline this much longer, the member is withdrawn (its endpoints leave the other members).</summary>
    public TimeSpan WithdrawGracePeriod { get; init; } = TimeSpan.FromSeconds(60);
}
