using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>What every streaming call exposes. Disposing a call that has not finished cancels it (RST_STREAM).</summary>
public interface IGrpcCall : IDisposable
{
    /// <summary>The response headers, once they arrive.</summary>
    /// <exception cref="RpcException">The call failed before any response (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED).</exception>
    Task<IReadOnlyDictionary<string, string>> ResponseHeadersAsync { get; }

    /// <summary>The final status.</summary>
    /// <exception cref="InvalidOperationException">The call has not finished.</exception>
    GrpcStatus GetStatus();

    /// <summary>The trailers received with the status.</summary>
    /// <exception cref="InvalidOperationException">The call has not finished.</exception>
    IReadOnlyDictionary<string, string> GetTrailers();
}
