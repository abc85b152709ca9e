namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// A group's current snapshot (null when none is set) and a task that completes when it is replaced or cleared.
/// One task per group: waking 5,000 streams of a group is one completion.
/// </summary>
/// <param name="Snapshot">The snapshot now, or null.</param>
/// <param name="SetAt">The <see cref="TimeProvider.GetTimestamp"/> when it was set (for convergence time).</param>
/// <param name="Changed">Completes when the group's snapshot changes; then watch again.</param>
public readonly record struct SnapshotWatch(Snapshot? Snapshot, long SetAt, Task Changed);
