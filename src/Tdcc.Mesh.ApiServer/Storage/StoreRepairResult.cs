namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>What <see cref="StoreRepair.Repair"/> did to one store directory.</summary>
/// <param name="LogPath">The log that was checked.</param>
/// <param name="BackupPath">The copy of the log taken before it was cut, or null when nothing was changed.</param>
/// <param name="KeptRecords">Records kept (those before the first bad one).</param>
/// <param name="DroppedLines">Lines cut off: the bad record and every line after it (a torn tail counts as one).</param>
/// <param name="DroppedBytes">Bytes cut off.</param>
/// <param name="FirstBadLine">The 1-based line of the first bad record, or 0 when the log was intact.</param>
/// <param name="Problem">What was wrong with it, or null when the log was intact.</param>
/// <param name="DroppedObjects">The objects named by the readable records that were cut off (<c>put|del resource namespace/name rv N</c>), at most 50.</param>
public sealed record StoreRepairResult(
    string LogPath,
    string? BackupPath,
    int KeptRecords,
    int DroppedLines,
    long DroppedBytes,
    long FirstBadLine,
    string? Problem,
    IReadOnlyList<string> DroppedObjects)
{
    /// <summary>True when the log had to be cut.</summary>
    public bool Changed => BackupPath is not null;
}
