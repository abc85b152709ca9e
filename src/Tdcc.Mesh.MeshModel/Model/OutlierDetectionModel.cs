namespace Tdcc.Mesh.MeshModel;

/// <summary>Outlier detection: eject an endpoint after consecutive errors, for a growing time, up to a share of the cluster.</summary>
public sealed record OutlierDetectionModel(
    uint Consecutive5xx = 5,
    TimeSpan? Interval = null,
    TimeSpan? BaseEjectionTime = null,
    uint MaxEjectionPercent = 10);
