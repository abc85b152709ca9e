using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>A thread-safe map from key to object with the built-in and custom indexes kept in step.</summary>
internal sealed class InformerStore<T> : IInformerStore<T>
    where T : class, IKubeObject
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, T> items = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> indexes = new(StringComparer.Ordinal);
    private string? resourceVersion;

    public InformerStore(IReadOnlyDictionary<string, Func<T, IEnumerable<string>>>? customIndexers = null)
    {
        indexers[InformerIndexes.Namespace] = InformerIndexes.IndexNamespace;
        indexers[InformerIndexes.Label] = InformerIndexes.IndexLabels;
        indexers[InformerIndexes.Owner] = InformerIndexes.IndexOwners;
        foreach (var (name, indexer) in customIndexers ?? new Dictionary<string, Func<T, IEnumerable<string>>>())
        {
            indexers[name] = indexer;
        }

        foreach (var name in indexers.Keys)
        {
            indexes[name] = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
        }
    }

    /// <summary>The resourceVersion the cache is at (of the last list, event or bookmark).</summary>
    public string? ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }

        set
        {
            lock (gate)
            {
                resourceVersion = value;
            }
        }
    }

    public T? GetByKey(ObjectKey key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        ArgumentNullException.ThrowIfNull(indexName);
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (!indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"no index named '{indexName}'", nameof(indexName));
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(key => items[key])] : [];
        }
    }

    public Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetByKey(new ObjectKey(@namespace ?? string.Empty, name)));

    /// <summary>
    /// Lists like the API server: namespace, label selector, field selector (<c>metadata.name</c> and
    /// <c>metadata.namespace</c>; other fields are a BadRequest, as for a kind that does not support them), and
    /// <c>limit</c>/<c>continue</c> paging in key order with <c>remainingItemCount</c>. Pages after the first report
    /// the first page's resourceVersion and start after the last key returned.
    /// </summary>
    public Task<KubeList<T>> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var labels = ParseLabelSelector(options?.LabelSelector);
        var fields = ParseFieldSelector(options?.FieldSelector);
        string? pinned = null;
        string? after = null;
        if (!string.IsNullOrEmpty(options?.Continue))
        {
            (pinned, after) = ContinueToken.Decode(options.Continue);
        }

        var candidates = string.IsNullOrEmpty(options?.Namespace) ? List() : ByIndex(InformerIndexes.Namespace, options.Namespace);
        var matching = candidates
            .Select(obj => (Key: ObjectKey.Of(obj).ToString(), Object: obj))
            .Where(entry => after is null || string.CompareOrdinal(entry.Key, after) > 0)
            .Where(entry => labels.Matches(entry.Object.Metadata.Labels))
            .Where(entry => fields.Matches(field => FieldValue(entry.Object, field)))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .ToList();
        var listResourceVersion = pinned ?? ResourceVersion;
        var limit = options?.Limit ?? 0;
        if (limit <= 0 || matching.Count <= limit)
        {
            return Task.FromResult(new KubeList<T>
            {
                Metadata = new ListMeta { ResourceVersion = listResourceVersion },
                Items = [.. matching.Select(entry => entry.Object)],
            });
        }

        var page = matching.Take(limit).ToList();
        return Task.FromResult(new KubeList<T>
        {
            Metadata = new ListMeta
            {
                ResourceVersion = listResourceVersion,
                Continue = ContinueToken.Encode(listResourceVersion, page[^1].Key),
                RemainingItemCount = matching.Count - page.Count,
            },
            Items = [.. page.Select(entry => entry.Object)],
        });
    }

    /// <summary>Adds or replaces the object; returns the previous state.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (gate)
        {
            var old = RemoveLocked(key);
            AddLocked(key, obj);
            return old;
        }
    }

    /// <summary>Removes the object; returns its last state, or null when it was not cached.</summary>
    public T? Remove(ObjectKey key)
    {
        lock (gate)
        {
            return RemoveLocked(key);
        }
    }

    /// <summary>Replaces the whole content with a fresh list and reports what changed against the old content.</summary>
    public StoreDiff<T> Replace(IEnumerable<T> fresh, string? listResourceVersion)
    {
        var added = new List<T>();
        var updated = new List<(T Old, T New)>();
        lock (gate)
        {
            var previous = new Dictionary<ObjectKey, T>(items);
            foreach (var obj in fresh)
            {
                var key = ObjectKey.Of(obj);
                var old = RemoveLocked(key);
                AddLocked(key, obj);
                if (previous.Remove(key, out var before) || old is not null)
                {
                    before ??= old!;
                    if (!string.Equals(before.Metadata.ResourceVersion, obj.Metadata.ResourceVersion, StringComparison.Ordinal)
                        || before.Metadata.ResourceVersion is null)
                    {
                        updated.Add((before, obj));
                    }
                }
                else
                {
                    added.Add(obj);
                }
            }

            // Whatever the fresh list no longer holds was deleted while the watch was away.
            foreach (var key in previous.Keys)
            {
                RemoveLocked(key);
            }

            resourceVersion = listResourceVersion;
            return new StoreDiff<T>(added, updated, [.. previous.Values]);
        }
    }

    /// <summary>Parses a label selector as the API server does; a malformed one is a 400, as from the server.</summary>
    private static ApiMachinery.Selectors.LabelSelector ParseLabelSelector(string? text)
    {
        try
        {
            return ApiMachinery.Selectors.LabelSelector.Parse(text);
        }
        catch (SelectorParseException e)
        {
            throw new KubeApiException(KubeErrorReason.BadRequest, 400, e.Message);
        }
    }

    private static FieldSelector ParseFieldSelector(string? text)
    {
        FieldSelector selector;
        try
        {
            selector = FieldSelector.Parse(text);
        }
        catch (SelectorParseException e)
        {
            throw new KubeApiException(KubeErrorReason.BadRequest, 400, e.Message);
        }

        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Field is not ("metadata.name" or "metadata.namespace"))
            {
                throw new KubeApiException(KubeErrorReason.BadRequest, 400, $"field label not supported: {requirement.Field}");
            }
        }

        return selector;
    }

    private static string? FieldValue(T obj, string field) => field switch
    {
        "metadata.name" => obj.Metadata.Name,
        "metadata.namespace" => obj.Metadata.Namespace,
        _ => null,
    };

    private void AddLocked(ObjectKey key, T obj)
    {
        items[key] = obj;
        foreach (var (name, indexer) in indexers)
        {
            foreach (var value in indexer(obj))
            {
                var index = indexes[name];
                if (!index.TryGetValue(value, out var keys))
                {
                    index[value] = keys = [];
                }

                keys.Add(key);
            }
        }
    }

    private T? RemoveLocked(ObjectKey key)
    {
        if (!items.Remove(key, out var old))
        {
            return null;
        }

        foreach (var (name, indexer) in indexers)
        {
            var index = indexes[name];
            foreach (var value in indexer(old))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }

        return old;
    }
}

/// <summary>What a relist changed in a store.</summary>
internal sealed record StoreDiff<T>(IReadOnlyList<T> Added, IReadOnlyList<(T Old, T New)> Updated, IReadOnlyList<T> Deleted);
