namespace Tdcc.Mesh.Xds.Cache;

/// <summary>How long snapshot updates are held back and merged before they reach the cache.</summary>
public sealed class SnapshotDebounceOptions
{
    /// <summary>A pending update is published once no newer one arrived for this long.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A pending update is published at the latest this long after the first one of the burst.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
