namespace Tdcc.Mesh.Grpc.Status;

/// <summary>The outcome of a call: a code and a human-readable detail (sent percent-encoded as <c>grpc-message</c>).</summary>
public readonly record struct GrpcStatus(StatusCode StatusCode, string Detail)
{
    /// <summary>The status of a successful call.</summary>
    public static GrpcStatus Ok => new(StatusCode.OK, string.Empty);

    /// <inheritdoc />
    public override string ToString() =>
        Detail.Length == 0 ? $"StatusCode=\"{StatusCode}\"" : $"StatusCode=\"{StatusCode}\", Detail=\"{Detail}\"";
}
