namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>One load run's figures: requests per second, latency percentiles in milliseconds, failed and total requests.</summary>
internal sealed record LoadResult(double RequestsPerSecond, double P50, double P99, double P999, long Failed, long Requests);
