namespace Tdcc.Mesh.Kube.Config;

/// <summary>
/// How requests are retried: 429 on any verb (the server did not process it), 5xx and connection
/// failures on reads only. Delays grow exponentially from <see cref="BaseDelay"/> to <see cref="MaxDelay"/>
/// with jitter; a Retry-After from the server is honoured up to <see cref="MaxDelay"/>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Total attempts, the first included; 1 disables retries.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No retries.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };
}
