using System.Diagnostics.CodeAnalysis;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>The type of a watch event, as on the wire.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}

/// <summary>
/// One event of a watch stream. For <see cref="WatchEventType.Error"/> the status is set and the object is not.
/// When the event's object does not decode into <typeparamref name="T"/>, the object is null and
/// <see cref="Undecodable"/> says which object it was (the stream goes on).
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Object mirrors the wire field 'object' of a watch event.")]
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, Status? Error = null)
    where T : class
{
    /// <summary>The object of this event that could not be decoded, or null.</summary>
    public UndecodableObject? Undecodable { get; init; }
}
