namespace Tdcc.Mesh.Grpc.Client;

/// <summary>Per-call settings: the deadline (sent as <c>grpc-timeout</c> and enforced locally) and request metadata.</summary>
public sealed record GrpcCallOptions
{
    /// <summary>When the call fails with DEADLINE_EXCEEDED; null for no deadline.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Metadata sent as request headers (lowercase names; binary values in <c>-bin</c> headers, base64).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
