namespace Tdcc.Mesh.Metrics.Collection;

/// <summary>How measurements of one instrument combine into a series value.</summary>
internal enum Aggregation
{
    /// <summary>Measurements are increments (Counter, UpDownCounter).</summary>
    Sum,
    /// <summary>The latest measurement is the value (gauges and every observable instrument).</summary>
    LastValue,
    /// <summary>Measurements fall into cumulative buckets.</summary>
    Histogram,
}
