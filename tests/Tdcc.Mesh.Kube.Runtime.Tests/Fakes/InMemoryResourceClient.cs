using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

/// <summary>
/// An in-memory API for one kind: resourceVersions, conflicts, paged lists and watch streams that a test can
/// break (dropped connection) or expire (410). Writes notify open watches.
/// </summary>
internal sealed class InMemoryResourceClient<T> : IResourceClient<T>
    where T : class, IKubeObject<T>
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, T> objects = [];
    private readonly List<Channel<WatchEvent<T>>> watches = [];

    // The changes a watch from an older resourceVersion replays, as the API server's watch cache does: without it an
    // object written between an informer's list and its watch would never reach the informer.
    private readonly List<WatchEvent<T>> history = [];
    private long resourceVersion = 100;

    public ResourceType Resource => T.Resource;

    /// <summary>The resourceVersion each watch call started from.</summary>
    public List<string?> WatchStarts { get; } = [];

    public int ListCalls { get; private set; }

    /// <summary>Called with the verb (get, list, create, update, patch, delete) before each call; an exception it returns is thrown.</summary>
    public Func<string, Exception?>? Fault { get; set; }

    public int OpenWatches
    {
        get
        {
            lock (gate)
            {
                return watches.Count;
            }
        }
    }

    public T? Peek(ObjectKey key)
    {
        lock (gate)
        {
            return objects.GetValueOrDefault(key);
        }
    }

    public Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ThrowFault("get");
        lock (gate)
        {
            return Task.FromResult(objects.GetValueOrDefault(new ObjectKey(@namespace ?? string.Empty, name)));
        }
    }

    public Task<KubeList<T>> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowFault("list");
        lock (gate)
        {
            ListCalls++;
            var all = objects.Values.OrderBy(o => ObjectKey.Of(o).ToString(), StringComparer.Ordinal).ToList();
            var start = options?.Continue is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
            var count = options?.Limit ?? all.Count;
            var page = all.Skip(start).Take(count).ToList();
            var next = start + page.Count < all.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new KubeList<T>
            {
                Metadata = new ListMeta { ResourceVersion = Rv(resourceVersion), Continue = next },
                Items = [.. page],
            });
        }
    }

    public Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowFault("create");
        lock (gate)
        {
            var key = ObjectKey.Of(obj);
            if (objects.ContainsKey(key))
            {
                throw new KubeApiException(KubeErrorReason.AlreadyExists, 409, $"{key} already exists");
            }

            var stored = obj.WithMetadata(obj.Metadata with { ResourceVersion = Rv(++resourceVersion), Uid = obj.Metadata.Uid ?? Guid.NewGuid().ToString() });
            objects[key] = stored;
            Notify(WatchEventType.Added, stored);
            return Task.FromResult(stored);
        }
    }

    public Task<T> UpdateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowFault("update");
        lock (gate)
        {
            var key = ObjectKey.Of(obj);
            if (!objects.TryGetValue(key, out var current))
            {
                throw new KubeApiException(KubeErrorReason.NotFound, 404, $"{key} not found");
            }

            if (obj.Metadata.ResourceVersion is { } expected && expected != current.Metadata.ResourceVersion)
            {
                throw new KubeApiException(KubeErrorReason.Conflict, 409, $"{key} was modified");
            }

            var stored = obj.WithMetadata(obj.Metadata with { ResourceVersion = Rv(++resourceVersion), Uid = current.Metadata.Uid });
            objects[key] = stored;
            Notify(WatchEventType.Modified, stored);
            return Task.FromResult(stored);
        }
    }

    public Task<T?> DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowFault("delete");
        lock (gate)
        {
            var key = new ObjectKey(@namespace ?? string.Empty, name);
            if (!objects.Remove(key, out var removed))
            {
                throw new KubeApiException(KubeErrorReason.NotFound, 404, $"{key} not found");
            }

            Notify(WatchEventType.Deleted, removed.WithMetadata(removed.Metadata with { ResourceVersion = Rv(++resourceVersion) }));
            return Task.FromResult<T?>(null);
        }
    }

    /// <summary>Changes the stored state without telling any watch, as if the events were compacted away.</summary>
    public void SetSilently(T? obj, ObjectKey key)
    {
        lock (gate)
        {
            if (obj is null)
            {
                objects.Remove(key);
            }
            else
            {
                objects[key] = obj.WithMetadata(obj.Metadata with { ResourceVersion = Rv(++resourceVersion) });
            }
        }
    }

    /// <summary>Every open watch gets a 410 Expired error event.</summary>
    public void ExpireWatches()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Writer.TryWrite(new WatchEvent<T>(WatchEventType.Error, null, new Status { Code = 410, Reason = "Expired", Message = "too old" }));
            }
        }
    }

    /// <summary>Every open watch fails as if the connection dropped.</summary>
    public void DropWatches()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Writer.TryComplete(new IOException("connection reset"));
            }

            watches.Clear();
        }
    }

    /// <summary>Sends a bookmark to every open watch.</summary>
    public void Bookmark()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Writer.TryWrite(new WatchEvent<T>(WatchEventType.Bookmark, objects.Values.First().WithMetadata(new ObjectMeta { ResourceVersion = Rv(++resourceVersion) })));
            }
        }
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<WatchEvent<T>>();
        lock (gate)
        {
            WatchStarts.Add(options.ResourceVersion);
            if (long.TryParse(options.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var since))
            {
                foreach (var missed in history.Where(e => long.Parse(e.Object!.Metadata.ResourceVersion!, CultureInfo.InvariantCulture) > since))
                {
                    channel.Writer.TryWrite(missed);
                }
            }

            watches.Add(channel);
        }

        try
        {
            await foreach (var watchEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return watchEvent;
            }
        }
        finally
        {
            lock (gate)
            {
                watches.Remove(channel);
            }
        }
    }

    /// <summary>JSON merge patches only.</summary>
    public Task<T> PatchAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowFault("patch");
        if (patch.Type != PatchType.Merge)
        {
            throw new NotSupportedException("the fake applies merge patches only");
        }

        lock (gate)
        {
            var key = new ObjectKey(@namespace ?? string.Empty, name);
            if (!objects.TryGetValue(key, out var current))
            {
                throw new KubeApiException(KubeErrorReason.NotFound, 404, $"{key} not found");
            }

            var merged = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(current, T.JsonTypeInfo), JsonNode.Parse(patch.Body));
            var patched = merged.Deserialize(T.JsonTypeInfo) ?? throw new InvalidOperationException("patch removed the object");
            var stored = patched.WithMetadata(patched.Metadata with { ResourceVersion = Rv(++resourceVersion) });
            objects[key] = stored;
            Notify(WatchEventType.Modified, stored);
            return Task.FromResult(stored);
        }
    }

    public Task<T> ApplyAsync(T obj, ApplyOptions options, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the fake does not apply");

    public Task<T> UpdateStatusAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(obj, options, cancellationToken);

    public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the fake does not patch");

    private void ThrowFault(string verb)
    {
        if (Fault?.Invoke(verb) is { } exception)
        {
            throw exception;
        }
    }

    private static string Rv(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Notify(WatchEventType type, T obj)
    {
        history.Add(new WatchEvent<T>(type, obj));
        foreach (var watch in watches)
        {
            watch.Writer.TryWrite(new WatchEvent<T>(type, obj));
        }
    }
}
