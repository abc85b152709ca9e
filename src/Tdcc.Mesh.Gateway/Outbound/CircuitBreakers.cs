using System.Collections.Concurrent;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// Envoy's circuit breaking for the sending gateway, one breaker per clusterset service port (what Envoy calls the
/// cluster; its backend clusters are localities of it): at most <see cref="CircuitBreakerModel.MaxRequests"/> HTTP
/// requests in flight, <see cref="CircuitBreakerModel.MaxPendingRequests"/> more waiting for one of those slots (no
/// longer than the request's timeout), <see cref="CircuitBreakerModel.MaxConnections"/> TCP connections, and
/// <see cref="CircuitBreakerModel.MaxRetries"/> retries in flight. A threshold that is not set does not limit (Istio's
/// default). No retry budget by default: a share of the requests in flight refused the mass failover of a peer that
/// died (every request on its tunnel is retried elsewhere at once), which is the retry this gateway exists for. The
/// thresholds are read on every admission, so a policy change applies to the next request.
/// </summary>
internal sealed class CircuitBreakers
{
    private readonly ConcurrentDictionary<ServiceKey, Counters> _services = new();

    /// <summary>Which threshold refused an admission.</summary>
    public enum Limit
    {
        Requests,
        Pending,
        Connections,
        Retries,
    }

    /// <summary>Admits a request now, after waiting its turn, or not (null, with the threshold that refused it).</summary>
    public async ValueTask<(IDisposable? Admission, Limit Refused)> EnterRequestAsync(ServiceKey service, CircuitBreakerModel? limits, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // Without maxRequests nothing is counted: no lock on the hot path for a limit that does not exist.
        if (limits?.MaxRequests is not { } maxRequests)
        {
            return (NoLimit.Instance, default);
        }

        var counters = _services.GetOrAdd(service, _ => new Counters());
        TaskCompletionSource waiter;
        lock (counters)
        {
            if (counters.Requests < maxRequests)
            {
                counters.Requests++;
                return (new Admission(counters, Limit.Requests), default);
            }

            if (counters.Waiters.Count >= (limits.MaxPendingRequests ?? uint.MaxValue))
            {
                return (null, limits.MaxPendingRequests is 0 ? Limit.Requests : Limit.Pending);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            counters.Waiters.AddLast(waiter);
        }

        try
        {
            // A released slot is handed over to the first waiter (Requests stays counted for it).
            await waiter.Task.WaitAsync(maxWait, cancellationToken).ConfigureAwait(false);
            return (new Admission(counters, Limit.Requests), default);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (counters)
            {
                if (!waiter.Task.IsCompleted)
                {
                    counters.Waiters.Remove(waiter);
                    waiter.TrySetCanceled(CancellationToken.None);
                    return (null, Limit.Pending);
                }
            }

            // Handed a slot just as the wait ended: keep it.
            return (new Admission(counters, Limit.Requests), default);
        }
    }

    /// <summary>Admits a TCP connection, or not (null).</summary>
    public IDisposable? EnterConnection(ServiceKey service, CircuitBreakerModel? limits) =>
        limits?.MaxConnections is { } max ? TryEnter(service, Limit.Connections, max) : NoLimit.Instance;

    /// <summary>Admits one more retry in flight within <c>maxRetries</c>, or not (null); no limit without it.</summary>
    public IDisposable? EnterRetry(ServiceKey service, CircuitBreakerModel? limits) =>
        limits?.MaxRetries is { } max ? TryEnter(service, Limit.Retries, max) : NoLimit.Instance;

    /// <summary>What is in flight for a service (for status and tests).</summary>
    public (int Requests, int Pending, int Connections, int Retries) InFlight(ServiceKey service)
    {
        if (!_services.TryGetValue(service, out var counters))
        {
            return default;
        }

        lock (counters)
        {
            return (counters.Requests, counters.Waiters.Count, counters.Connections, counters.Retries);
        }
    }

    private Admission? TryEnter(ServiceKey service, Limit limit, uint max)
    {
        var counters = _services.GetOrAdd(service, _ => new Counters());
        lock (counters)
        {
            ref var count = ref limit == Limit.Connections ? ref counters.Connections : ref counters.Retries;
            if (count >= max)
            {
                return null;
            }

            count++;
            return new Admission(counters, limit);
        }
    }

    private sealed class Counters
    {
        public readonly LinkedList<TaskCompletionSource> Waiters = new();
        public int Requests;
        public int Connections;
        public int Retries;
    }

    private sealed class Admission(Counters counters, Limit limit) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            lock (counters)
            {
                switch (limit)
                {
                    case Limit.Requests:
                        while (counters.Waiters.First is { } first)
                        {
                            counters.Waiters.RemoveFirst();
                            if (first.Value.TrySetResult())
                            {
                                return;
                            }
                        }

                        counters.Requests--;
                        break;
                    case Limit.Connections:
                        counters.Connections--;
                        break;
                    case Limit.Retries:
                        counters.Retries--;
                        break;
                }
            }
        }
    }

    private sealed class NoLimit : IDisposable
    {
        public static readonly NoLimit Instance = new();

        public void Dispose()
        {
        }
    }
}
