namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>The outcome of an update: the object now stored (or, when removed, its last state), and whether anything changed.</summary>
internal sealed record StoreWriteResult(StoredObject Object, bool Removed, bool Changed);
