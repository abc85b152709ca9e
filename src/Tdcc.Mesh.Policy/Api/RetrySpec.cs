using System.Collections.Immutable;

namespace Tdcc.Mesh.Policy.Api;

/// <summary>Retries of a request: how many, on which conditions, and the backoff between them.</summary>
public sealed record RetrySpec
{
    /// <summary>Retries after the first attempt (0 turns retries off).</summary>
    public int? Attempts { get; init; }

    /// <summary>
    /// Conditions to retry on, as Envoy names them: gRPC status names (<c>unavailable</c>, <c>cancelled</c>,
    /// <c>deadline-exceeded</c>, <c>internal</c>, <c>resource-exhausted</c>) and HTTP ones (<c>5xx</c>,
    /// <c>gateway-error</c>, <c>reset</c>, <c>connect-failure</c>, <c>retriable-4xx</c>, <c>refused-stream</c>).
    /// Default: unavailable, cancelled and resource-exhausted.
    /// </summary>
    public ImmutableArray<string>? RetryOn { get; init; }

    /// <summary>Timeout of each attempt (Gateway API duration).</summary>
    public string? PerTryTimeout { get; init; }

    public BackoffSpec? Backoff { get; init; }
}

/// <summary>Exponential backoff between retries (Gateway API durations).</summary>
public sealed record BackoffSpec
{
    public string? BaseInterval { get; init; }

    public string? MaxInterval { get; init; }
}
