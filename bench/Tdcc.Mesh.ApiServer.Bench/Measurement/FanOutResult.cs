namespace Tdcc.Mesh.ApiServer.Bench.Measurement;

/// <summary>
/// How long each watcher took to receive each write's event, measured from the moment the writer had the write's
/// response, and how many watchers fell behind or were closed.
/// </summary>
/// <param name="Target">What was measured (API server or etcd).</param>
/// <param name="Watchers">Concurrent watch streams.</param>
/// <param name="Writes">Writes made while all watchers were open.</param>
/// <param name="Delivered">Events received (at most watchers × writes).</param>
/// <param name="Latency">Delivery latency over every (watcher, write) pair received.</param>
/// <param name="EarlyDeliveries">Events that reached a watcher before the writer had the response (counted as 0).</param>
/// <param name="Behind">Watchers still missing events when the grace period after the last write ended.</param>
/// <param name="Closed">Watchers whose stream the server ended.</param>
/// <param name="WriteLatency">Latency of the writes themselves.</param>
internal sealed record FanOutResult(
    string Target,
    int Watchers,
    int Writes,
    long Delivered,
    LatencySummary Latency,
    long EarlyDeliveries,
    int Behind,
    int Closed,
    LatencySummary WriteLatency)
{
    public long Expected => (long)Watchers * Writes;
}
