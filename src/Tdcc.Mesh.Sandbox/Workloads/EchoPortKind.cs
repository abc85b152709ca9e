namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>What the echo image serves on a port.</summary>
public enum EchoPortKind
{
    /// <summary>HTTP/1.1 and h2c (prior knowledge) answering every path with JSON.</summary>
    Http = 0,

    /// <summary>gRPC: tdcc.echo.v1.EchoService and grpc.health.v1.Health (HTTP/1.1 callers get 426).</summary>
    Grpc = 1,

    /// <summary>Plain TCP echo: every byte is sent back.</summary>
    Tcp = 2,

    /// <summary>Not served (UDP, SCTP).</summary>
    None = 3,
}
