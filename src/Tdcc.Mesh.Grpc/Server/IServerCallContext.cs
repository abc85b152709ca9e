using Microsoft.AspNetCore.Http;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>What a handler knows about the call it serves.</summary>
public interface IServerCallContext
{
    /// <summary>The method path, <c>/package.Service/Method</c>.</summary>
    string Method { get; }

    /// <summary>The remote peer in gRPC's form: <c>ipv4:127.0.0.1:5000</c>, <c>ipv6:[::1]:5000</c> or <c>unknown</c>.</summary>
    string Peer { get; }

    /// <summary>When the call times out (from <c>grpc-timeout</c>); null without a deadline.</summary>
    DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the client cancels (RST_STREAM, disconnect) or the deadline passes.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>The request headers (gRPC metadata, pseudo-headers excluded).</summary>
    IHeaderDictionary RequestHeaders { get; }

    /// <summary>Extra trailers sent after the messages, alongside <c>grpc-status</c>.</summary>
    IDictionary<string, string> ResponseTrailers { get; }

    /// <summary>The underlying request, for what the abstraction does not cover (response headers before the first write, features).</summary>
    HttpContext HttpContext { get; }
}
