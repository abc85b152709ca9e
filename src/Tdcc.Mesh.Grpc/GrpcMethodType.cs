namespace Tdcc.Mesh.Grpc;

/// <summary>The four call shapes of gRPC.</summary>
public enum GrpcMethodType
{
    /// <summary>One request, one response.</summary>
    Unary = 0,

    /// <summary>One request, a stream of responses.</summary>
    ServerStreaming = 1,

    /// <summary>A stream of requests, one response.</summary>
    ClientStreaming = 2,

    /// <summary>Streams both ways.</summary>
    DuplexStreaming = 3,
}
