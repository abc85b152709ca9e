using System.Diagnostics;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>
/// Watches one member's imported EndpointSlices (label <c>managed-by=tdcc-mesh.io</c>) with our client and keeps, per
/// service, the ready addresses as last seen, stamped with the <see cref="Stopwatch"/> time the event was decoded.
/// Callers wait for an address to become ready or not ready, or for a number of fully imported services.
/// </summary>
internal sealed class ImportedSliceWatch : IAsyncDisposable
{
    private static readonly string Selector = $"{McsLabels.ManagedBy}={McsLabels.ManagedByValue}";

    private readonly IKubeClient client;
    private readonly int endpointsPerService;
    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<string>> readyByService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> endpointsByService = new(StringComparer.Ordinal);
    private readonly List<AddressWaiter> addressWaiters = [];
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task loop = Task.CompletedTask;
    private int complete;
    private (int Target, TaskCompletionSource<long> Done)? countWaiter;

    private ImportedSliceWatch(IKubeClient client, int endpointsPerService)
    {
        this.client = client;
        this.endpointsPerService = endpointsPerService;
    }

    /// <summary>Starts watching; returns once the initial list is applied and the watch is open.</summary>
    public static async Task<ImportedSliceWatch> StartAsync(IKubeClient client, int endpointsPerService, CancellationToken cancellationToken)
    {
        var watch = new ImportedSliceWatch(client, endpointsPerService);
        watch.loop = watch.RunAsync(watch.stop.Token);
        await watch.started.Task.WaitAsync(cancellationToken);
        return watch;
    }

    /// <summary>The time at which <paramref name="address"/> of <paramref name="serviceKey"/> (<c>ns/name</c>) was first seen with the expected readiness.</summary>
    public Task<long> WaitForAsync(string serviceKey, string address, bool ready, CancellationToken cancellationToken)
    {
        var waiter = new AddressWaiter(serviceKey, address, ready, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (gate)
        {
            if (Matches(waiter))
            {
                return Task.FromResult(Stopwatch.GetTimestamp());
            }

            addressWaiters.Add(waiter);
        }

        return waiter.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The time at which <paramref name="target"/> services were fully imported.</summary>
    public Task<long> WaitForCompleteAsync(int target, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (complete >= target)
            {
                return Task.FromResult(Stopwatch.GetTimestamp());
            }

            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            countWaiter = (target, done);
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var slices = client.Resource<EndpointSlice>();
            var list = await slices.ListAsync(new ListOptions { LabelSelector = Selector }, cancellationToken);
            foreach (var slice in list.Items)
            {
                Apply(slice, deleted: false, Stopwatch.GetTimestamp());
            }

            var resourceVersion = list.Metadata.ResourceVersion;
            started.TrySetResult();
            while (!cancellationToken.IsCancellationRequested)
            {
                var options = new WatchOptions { LabelSelector = Selector, ResourceVersion = resourceVersion, Timeout = TimeSpan.FromMinutes(30) };
                await foreach (var e in slices.WatchAsync(options, cancellationToken))
                {
                    var now = Stopwatch.GetTimestamp();
                    if (e.Type == WatchEventType.Error || e.Object is null)
                    {
                        throw new InvalidOperationException($"the imported-slice watch failed: {e.Error?.Message}");
                    }

                    if (e.Type != WatchEventType.Bookmark)
                    {
                        Apply(e.Object, e.Type == WatchEventType.Deleted, now);
                    }

                    resourceVersion = e.Object.Metadata.ResourceVersion;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            started.TrySetCanceled(cancellationToken);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or InvalidOperationException)
        {
            started.TrySetException(e);
            FailWaiters(e);
        }
    }

    private void Apply(EndpointSlice slice, bool deleted, long now)
    {
        var labels = slice.Metadata.Labels;
        if (labels?.GetValueOrDefault(McsLabels.ServiceName) is not { } name)
        {
            return;
        }

        var key = $"{slice.Metadata.Namespace}/{name}";
        var ready = deleted
            ? []
            : slice.Endpoints.Where(e => e.Conditions?.Ready != false).SelectMany(e => e.Addresses).ToHashSet(StringComparer.Ordinal);
        var endpoints = deleted ? 0 : slice.Endpoints.Length;
        lock (gate)
        {
            var wasComplete = endpointsByService.GetValueOrDefault(key) >= endpointsPerService;
            readyByService[key] = ready;
            endpointsByService[key] = endpoints;
            complete += (endpoints >= endpointsPerService ? 1 : 0) - (wasComplete ? 1 : 0);
            for (var i = addressWaiters.Count - 1; i >= 0; i--)
            {
                if (addressWaiters[i].ServiceKey == key && Matches(addressWaiters[i]))
                {
                    addressWaiters[i].Done.TrySetResult(now);
                    addressWaiters.RemoveAt(i);
                }
            }

            if (countWaiter is { } waiter && complete >= waiter.Target)
            {
                waiter.Done.TrySetResult(now);
                countWaiter = null;
            }
        }
    }

    private bool Matches(AddressWaiter waiter) =>
        readyByService.TryGetValue(waiter.ServiceKey, out var ready) && ready.Contains(waiter.Address) == waiter.Ready;

    private void FailWaiters(Exception error)
    {
        lock (gate)
        {
            foreach (var waiter in addressWaiters)
            {
                waiter.Done.TrySetException(error);
            }

            addressWaiters.Clear();
            countWaiter?.Done.TrySetException(error);
            countWaiter = null;
        }
    }

    private sealed record AddressWaiter(string ServiceKey, string Address, bool Ready, TaskCompletionSource<long> Done);
}
