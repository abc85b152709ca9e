using System.Collections.Concurrent;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>What the test reconcilers saw, and failures a test asks them to inject. One instance per test.</summary>
public sealed class ReconcileProbe
{
    private readonly ConcurrentDictionary<ObjectKey, int> attempts = new();
    private readonly ConcurrentDictionary<ObjectKey, int> pendingFailures = new();
    private readonly ConcurrentDictionary<ObjectKey, int> injected = new();
    private readonly ConcurrentQueue<string> notes = new();

    /// <summary>Makes the next <paramref name="count"/> reconciles of <paramref name="key"/> throw.</summary>
    public void FailNext(ObjectKey key, int count) => pendingFailures[key] = count;

    /// <summary>Counts an attempt; throws when a failure is pending for the key.</summary>
    public void Attempt(ObjectKey key)
    {
        attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        while (pendingFailures.TryGetValue(key, out var left) && left > 0)
        {
            if (pendingFailures.TryUpdate(key, left - 1, left))
            {
                injected.AddOrUpdate(key, 1, (_, n) => n + 1);
                throw new InvalidOperationException($"injected failure for {key}");
            }
        }
    }

    public int Attempts(ObjectKey key) => attempts.GetValueOrDefault(key);

    public int InjectedFailures(ObjectKey key) => injected.GetValueOrDefault(key);

    /// <summary>Notes something the reconciler did, for the test to check.</summary>
    public void Note(string note) => notes.Enqueue(note);

    public IReadOnlyCollection<string> Notes => [.. notes];
}
