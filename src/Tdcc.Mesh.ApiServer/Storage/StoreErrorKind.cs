namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>Why a store operation failed.</summary>
internal enum StoreErrorKind
{
    /// <summary>The object does not exist.</summary>
    NotFound,

    /// <summary>An object with that name exists already.</summary>
    AlreadyExists,

    /// <summary>The caller's resourceVersion or a precondition is stale.</summary>
    Conflict,

    /// <summary>The requested resourceVersion is older than the kept history.</summary>
    Expired,
}
