using System.Diagnostics;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Bench.EndToEnd;

/// <summary>
/// One watch of the Deployments of the workload namespace on every member's API server, each member's current copies
/// kept by name. <see cref="Expect"/> arms a condition on a member's copies; the first watch event after which it holds
/// is stamped (Stopwatch ticks, when the event was read off the stream) for that member.
/// </summary>
internal sealed class MemberObserver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Deployment>[] _copies;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _watches;
    private Expectation? _active;

    public MemberObserver(IReadOnlyList<IKubeClient> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _copies = [.. members.Select(_ => new Dictionary<string, Deployment>(StringComparer.Ordinal))];
        _watches = [.. members.Select((client, i) => Task.Run(() => WatchAsync(i, client, _stop.Token)))];
    }

    /// <summary>
    /// Arms <paramref name="holds"/> (a member's Deployments by name → whether the change is applied there); members
    /// where it holds already are stamped now. Replaces the previous expectation.
    /// </summary>
    public Expectation Expect(Func<IReadOnlyDictionary<string, Deployment>, bool> holds)
    {
        lock (_gate)
        {
            var expectation = new Expectation(_copies.Length, holds);
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < _copies.Length; i++)
            {
                expectation.Check(i, _copies[i], now);
            }

            _active = expectation;
            return expectation;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watches);
        _stop.Dispose();
    }

    private void Observe(int member, WatchEventType type, Deployment deployment, long timestamp)
    {
        lock (_gate)
        {
            var copies = _copies[member];
            var name = deployment.Metadata.Name ?? string.Empty;
            if (type == WatchEventType.Deleted)
            {
                copies.Remove(name);
            }
            else
            {
                copies[name] = deployment;
            }

            _active?.Check(member, copies, timestamp);
        }
    }

    private void Forget(int member)
    {
        lock (_gate)
        {
            _copies[member].Clear();
        }
    }

    private async Task WatchAsync(int member, IKubeClient client, CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    // Starting over: the watch begins with an ADDED event for every object there.
                    Forget(member);
                }

                var options = new WatchOptions { Namespace = DeliveryClusterSet.WorkloadNamespace, ResourceVersion = resourceVersion, Timeout = TimeSpan.FromHours(1) };
                await foreach (var change in client.Resource<Deployment>().WatchAsync(options, cancellationToken))
                {
                    var timestamp = Stopwatch.GetTimestamp();
                    if (change.Type == WatchEventType.Error)
                    {
                        resourceVersion = null;
                        break;
                    }

                    if (change.Object is not { } deployment)
                    {
                        continue;
                    }

                    resourceVersion = deployment.Metadata.ResourceVersion ?? resourceVersion;
                    if (change.Type != WatchEventType.Bookmark)
                    {
                        Observe(member, change.Type, deployment, timestamp);
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

    /// <summary>A condition armed on every member, and when each member first met it.</summary>
    internal sealed class Expectation
    {
        private readonly Func<IReadOnlyDictionary<string, Deployment>, bool> _holds;
        private readonly long[] _met;
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining;

        public Expectation(int members, Func<IReadOnlyDictionary<string, Deployment>, bool> holds)
        {
            _holds = holds;
            _met = new long[members];
            _remaining = members;
            if (members == 0)
            {
                _all.SetResult();
            }
        }

        /// <summary>Completes when every member met the condition.</summary>
        public Task All => _all.Task;

        /// <summary>When each member met it (Stopwatch ticks; 0 = not yet). Read after <see cref="All"/>.</summary>
        public IReadOnlyList<long> Met => _met;

        /// <summary>Members that have not met it yet.</summary>
        public IEnumerable<int> Missing => Enumerable.Range(0, _met.Length).Where(i => Volatile.Read(ref _met[i]) == 0);

        /// <summary>Called under the observer's lock.</summary>
        public void Check(int member, IReadOnlyDictionary<string, Deployment> copies, long timestamp)
        {
            if (_met[member] != 0 || !_holds(copies))
            {
                return;
            }

            _met[member] = timestamp;
            if (--_remaining == 0)
            {
                _all.TrySetResult();
            }
        }
    }
}
