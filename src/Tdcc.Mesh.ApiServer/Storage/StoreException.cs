namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>An expected store failure; <see cref="Kind"/> says which.</summary>
internal sealed class StoreException : Exception
{
    public StoreException(StoreErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public StoreException()
        : this(StoreErrorKind.Conflict, "store error")
    {
    }

    public StoreException(string message)
        : this(StoreErrorKind.Conflict, message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = StoreErrorKind.Conflict;
    }

    /// <summary>The failure kind a caller switches on.</summary>
    public StoreErrorKind Kind { get; }
}
