namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>The watch event types a store emits.</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
