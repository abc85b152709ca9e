namespace Tdcc.Mesh.Policy.Api;

/// <summary>Ejects an endpoint after consecutive failures, for a time that grows with each ejection.</summary>
public sealed record OutlierDetectionSpec
{
    /// <summary>Consecutive failures (5xx, or gRPC errors) that eject an endpoint; default 5.</summary>
    public int? Consecutive5xx { get; init; }

    /// <summary>How often endpoints are evaluated (Gateway API duration); default 10s.</summary>
    public string? Interval { get; init; }

    /// <summary>Ejection time, multiplied by the number of ejections (Gateway API duration); default 30s.</summary>
    public string? BaseEjectionTime { get; init; }

    /// <summary>At most this share of the endpoints is ejected (0 to 100); default 10.</summary>
    public int? MaxEjectionPercent { get; init; }
}
