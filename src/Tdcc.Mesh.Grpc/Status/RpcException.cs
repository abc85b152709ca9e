using System.Collections.ObjectModel;
namespace Tdcc.Mesh.Grpc.Status;

/// <summary>
/// A call that ended with a non-OK status. Handlers throw it to choose the status they return;
/// clients receive it when a call fails. Framing errors are reported with it too, so callers switch on <see cref="StatusCode"/>.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException()
        : this(new GrpcStatus(StatusCode.Unknown, string.Empty))
    {
    }

    public RpcException(string message)
        : this(new GrpcStatus(StatusCode.Unknown, message))
    {
    }

    public RpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = new GrpcStatus(StatusCode.Unknown, message);
        Trailers = EmptyTrailers;
    }

    public RpcException(GrpcStatus status)
        : this(status, EmptyTrailers, innerException: null)
    {
    }

    public RpcException(StatusCode statusCode, string detail)
        : this(new GrpcStatus(statusCode, detail))
    {
    }

    public RpcException(GrpcStatus status, IReadOnlyDictionary<string, string> trailers, Exception? innerException = null)
        : base(status.ToString(), innerException)
    {
        ArgumentNullException.ThrowIfNull(trailers);
        Status = status;
        Trailers = trailers;
    }

    private static IReadOnlyDictionary<string, string> EmptyTrailers => ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The status of the failed call.</summary>
    public GrpcStatus Status { get; }

    /// <summary>The status code of the failed call.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>
    /// Trailers: on the server, extra trailers sent with the status; on the client, the trailers received.
    /// </summary>
    public IReadOnlyDictionary<string, string> Trailers { get; }
}
