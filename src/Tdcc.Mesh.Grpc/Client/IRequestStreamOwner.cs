using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>What a <see cref="RequestStreamWriter{T}"/> needs from its call.</summary>
internal interface IRequestStreamOwner
{
    int MaxSendMessageSize { get; }

    string? RequestEncoding { get; }

    CancellationToken CallToken { get; }

    /// <summary>Throws the call's failure when it has already ended with an error.</summary>
    void ThrowIfFinished();

    /// <summary>Ends the call with the status a transport exception means and returns the exception to throw.</summary>
    RpcException ToRpcException(Exception exception);
}
