namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>One change: the object after it (for deletions, the last state stamped with the deletion's version) and the object before it.</summary>
internal sealed record WatchEvent(WatchEventType Type, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;
}
