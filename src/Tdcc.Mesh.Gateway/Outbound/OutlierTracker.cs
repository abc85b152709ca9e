using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// Passive outlier detection per (service port, backend cluster): after <c>Consecutive5xx</c> consecutive failures
/// (5xx answers or failed connects) the cluster is ejected for <c>BaseEjectionTime</c> times the number of its
/// ejections (capped at 5 minutes); a success resets the count.
/// </summary>
internal sealed class OutlierTracker(TimeProvider time, GatewayMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan DefaultBaseEjection = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxEjection = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(ServiceKey, string), Entry> _entries = new();

    public bool IsEjected(ServiceKey service, string cluster) =>
        _entries.TryGetValue((service, cluster), out var entry) && entry.EjectedUntil > time.GetUtcNow();

    public void Succeeded(ServiceKey service, string cluster)
    {
        if (_entries.TryGetValue((service, cluster), out var entry))
        {
            lock (entry)
            {
                entry.Consecutive = 0;
            }
        }
    }

    public void Failed(ServiceKey service, string cluster, OutlierDetectionModel? policy)
    {
        var threshold = (int)Math.Max(1, policy?.Consecutive5xx ?? 5);
        var entry = _entries.GetOrAdd((service, cluster), _ => new Entry());
        TimeSpan? ejected = null;
        lock (entry)
        {
            entry.Consecutive++;
            var now = time.GetUtcNow();
            if (entry.Consecutive >= threshold && entry.EjectedUntil <= now)
            {
                entry.Ejections++;
                var duration = (policy?.BaseEjectionTime ?? DefaultBaseEjection) * entry.Ejections;
                ejected = duration > MaxEjection ? MaxEjection : duration;
                entry.EjectedUntil = now + ejected.Value;
                entry.Consecutive = 0;
            }
        }

        if (ejected is { } d)
        {
            metrics.Ejected(service.Name + "." + service.Namespace + ServiceKey.DomainSuffix, cluster);
            GatewayLog.Ejected(logger, cluster, service.Authority, threshold, d);
        }
    }

    private sealed class Entry
    {
        public int Consecutive { get; set; }

        public int Ejections { get; set; }

        public DateTimeOffset EjectedUntil { get; set; }
    }
}
