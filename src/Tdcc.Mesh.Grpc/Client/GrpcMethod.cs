using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>A method a client calls: its path (<c>/package.Service/Method</c>) and how its responses parse.</summary>
public sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>, new()
{
    public GrpcMethod(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/' || path.IndexOf('/', 1) <= 1 || path.EndsWith('/'))
        {
            throw new ArgumentException($"A gRPC method path looks like '/package.Service/Method', not '{path}'.", nameof(path));
        }

        Path = path;
    }

    /// <summary>The method path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; }

    internal IMessageDecoder<TResponse> ResponseDecoder { get; } = new Framing.ProtobufMessageDecoder<TResponse>(new MessageParser<TResponse>(() => new TResponse()));

    /// <inheritdoc />
    public override string ToString() => Path;
}
