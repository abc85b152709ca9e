namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// The store could not make a write durable (an I/O error such as a full disk, or a failed fsync); the write was not
/// applied. The REST layer answers it as kube-apiserver answers storage failures: 500 InternalError with this message.
/// </summary>
internal sealed class StoreUnavailableException : InvalidOperationException
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
