using System.Diagnostics;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Distribution.Bench.EndToEnd;

/// <summary>
/// One watch of every Delivery on the hub, for the breakdown of a change: when the hub had written the last of a
/// Subscription's Deliveries (a new one, or a new generation of an existing one) after the change was armed.
/// </summary>
internal sealed class HubObserver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private Written? _active;

    public HubObserver(IKubeClient hub) => _watch = Task.Run(() => WatchAsync(hub, _stop.Token));

    /// <summary>Arms a wait for <paramref name="count"/> Deliveries of <paramref name="subscription"/> newer than now.</summary>
    public Written Expect(string subscription, int count)
    {
        lock (_gate)
        {
            _active = new Written(subscription, count, new Dictionary<string, long>(_generations, StringComparer.Ordinal));
            return _active;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        _stop.Dispose();
    }

    private async Task WatchAsync(IKubeClient hub, CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var options = new WatchOptions { ResourceVersion = resourceVersion, Timeout = TimeSpan.FromHours(1) };
                await foreach (var change in hub.Resource<Delivery>().WatchAsync(options, cancellationToken))
                {
                    var timestamp = Stopwatch.GetTimestamp();
                    if (change.Type == WatchEventType.Error)
                    {
                        resourceVersion = null;
                        break;
                    }

                    if (change.Object is not { } delivery)
                    {
                        continue;
                    }

                    resourceVersion = delivery.Metadata.ResourceVersion ?? resourceVersion;
                    if (change.Type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        Observe(delivery, timestamp);
                    }
                    else if (change.Type == WatchEventType.Deleted)
                    {
                        lock (_gate)
                        {
                            _generations.Remove(delivery.Metadata.Namespace + "/" + delivery.Metadata.Name);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or KubeApiException or IOException or System.Text.Json.JsonException)
            {
                resourceVersion = null;
                try
                {
                    await Task.Delay(200, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Observe(Delivery delivery, long timestamp)
    {
        var key = delivery.Metadata.Namespace + "/" + delivery.Metadata.Name;
        var generation = delivery.Metadata.Generation ?? 0;
        lock (_gate)
        {
            _generations[key] = generation;
            if (_active is { } written && delivery.Metadata.Labels?.GetValueOrDefault(DistributionLabels.SubscriptionName) == written.Subscription)
            {
                written.Observe(key, generation, timestamp);
            }
        }
    }

    /// <summary>When the Deliveries of one change were written (Stopwatch ticks of the last one; 0 = not all yet).</summary>
    internal sealed class Written(string subscription, int count, Dictionary<string, long> baseline)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public string Subscription { get; } = subscription;

        private long _first;
        private long _last;

        /// <summary>When the first of them was seen (Stopwatch ticks; 0 = none yet): the hub's reaction before its writes.</summary>
        public long First => Volatile.Read(ref _first);

        /// <summary>When the last of them was seen (Stopwatch ticks); 0 while not all were.</summary>
        public long Last => Volatile.Read(ref _last);

        /// <summary>Called under the observer's lock.</summary>
        public void Observe(string key, long generation, long timestamp)
        {
            if (generation <= baseline.GetValueOrDefault(key, -1) || !_seen.Add(key))
            {
                return;
            }

            if (_seen.Count == 1)
            {
                Volatile.Write(ref _first, timestamp);
            }

            if (_seen.Count == count)
            {
                Volatile.Write(ref _last, timestamp);
            }
        }
    }
}
