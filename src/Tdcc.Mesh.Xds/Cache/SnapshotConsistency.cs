namespace Tdcc.Mesh.Xds.Cache;

/// <summary>The result of <see cref="Snapshot.Consistent"/>: the EDS and RDS names that CDS and LDS refer to but the snapshot lacks.</summary>
public sealed record SnapshotConsistency(IReadOnlyList<string> MissingEndpoints, IReadOnlyList<string> MissingRoutes)
{
    /// <summary>True when every referenced name is present.</summary>
    public bool IsConsistent => MissingEndpoints.Count == 0 && MissingRoutes.Count == 0;
}
