namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Writes response messages of a server-streaming or bidirectional call; valid only while the handler runs.</summary>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
    where T : class;
