namespace Tdcc.Mesh.Grpc.Client;

/// <summary>Writes request messages of a client-streaming or bidirectional call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
    where T : class
{
    /// <summary>Ends the request stream (END_STREAM); no more writes afterwards.</summary>
    Task CompleteAsync();
}
