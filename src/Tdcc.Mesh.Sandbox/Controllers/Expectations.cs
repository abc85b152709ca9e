using System.Collections.Concurrent;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// What a controller has just written and not yet seen in its informer cache (kube's ControllerExpectations):
/// until the cache catches up, the controller must not count again, or it would create or delete twice.
/// Entries expire after <see cref="Timeout"/>, so a lost event never blocks a key for good.
/// </summary>
internal sealed class Expectations(TimeProvider time)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<ObjectKey, Pending> _pending = new();

    /// <summary>Records pods created (by name) and deleted (by name) for <paramref name="owner"/>.</summary>
    public void Expect(ObjectKey owner, IEnumerable<string> created, IEnumerable<string> deleted)
    {
        var pending = new Pending(created.ToHashSet(StringComparer.Ordinal), deleted.ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
        if (pending.Created.Count + pending.Deleted.Count > 0)
        {
            _pending[owner] = pending;
        }
    }

    /// <summary>
    /// True when the cache reflects the last writes for <paramref name="owner"/>: every created pod is cached and every
    /// deleted pod is gone or terminating. <paramref name="find"/> reads a pod by name from the cache.
    /// </summary>
    public bool Satisfied(ObjectKey owner, Func<string, Pod?> find)
    {
        if (!_pending.TryGetValue(owner, out var pending))
        {
            return true;
        }

        var seen = pending.Created.All(name => find(name) is not null)
            && pending.Deleted.All(name => find(name) is not { Metadata.DeletionTimestamp: null });
        if (seen || time.GetUtcNow() - pending.Since > Timeout)
        {
            _pending.TryRemove(owner, out _);
            return true;
        }

        return false;
    }

    /// <summary>Forgets an owner that is gone.</summary>
    public void Forget(ObjectKey owner) => _pending.TryRemove(owner, out _);

    private sealed record Pending(HashSet<string> Created, HashSet<string> Deleted, DateTimeOffset Since);
}
