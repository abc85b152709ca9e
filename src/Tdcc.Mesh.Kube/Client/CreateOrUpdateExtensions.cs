using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// The one set of idempotent writes (controller-runtime's <c>CreateOrUpdate</c> and friends): read, write only on
/// change, and treat losing a create race to another writer as "it exists". See <see cref="DeleteIfPresentExtensions"/>
/// for the delete side.
/// </summary>
public static class CreateOrUpdateExtensions
{
    /// <summary>
    /// Gets the object named by <paramref name="seed"/>. When it exists, <paramref name="mutate"/> gets it and the
    /// result is written with an update if it differs (compared as JSON); otherwise <paramref name="mutate"/> gets
    /// <paramref name="seed"/> and the result is created (when another writer creates it first, the update path runs on
    /// theirs). The mutation must keep namespace and name. An update that loses a race fails with a conflict
    /// <see cref="KubeApiException"/>; the controller retries the reconcile.
    /// </summary>
    public static async Task<(OperationResult Result, T Object)> CreateOrUpdateAsync<T>(
        this IResourceClient<T> client,
        T seed,
        Func<T, T> mutate,
        CancellationToken cancellationToken = default)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(mutate);
        var key = ObjectKey.Of(seed);
        var existing = await client.GetAsync(seed.Metadata.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var (created, stored) = await CreateOrGetAsync(client, Mutate(mutate, seed, key), cancellationToken).ConfigureAwait(false);
            if (created)
            {
                return (OperationResult.Created, stored);
            }

            existing = stored;
        }

        var desired = Mutate(mutate, existing, key);
        if (JsonSerializer.Serialize(desired, T.JsonTypeInfo) == JsonSerializer.Serialize(existing, T.JsonTypeInfo))
        {
            return (OperationResult.Unchanged, existing);
        }

        var updated = await client.UpdateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (OperationResult.Updated, updated);
    }

    /// <summary>
    /// As <see cref="CreateOrUpdateAsync{T}(IResourceClient{T}, T, Func{T, T}, CancellationToken)"/>, first asking an
    /// informer's copy (controller-runtime reads from its cache the same way): when <paramref name="cached"/> exists and
    /// <paramref name="mutate"/> leaves it as it is, nothing is read or written; when it differs, the update is written
    /// on the copy's resource version; when the cache has none, the object is created without a read first. A stale copy
    /// (a conflict, or gone) costs the usual read and write.
    /// </summary>
    public static async Task<(OperationResult Result, T Object)> CreateOrUpdateAsync<T>(
        this IResourceClient<T> client,
        T seed,
        Func<T, T> mutate,
        T? cached,
        CancellationToken cancellationToken = default)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(mutate);
        ArgumentNullException.ThrowIfNull(client);
        var key = ObjectKey.Of(seed);
        if (cached is null)
        {
            var (created, stored) = await CreateOrGetAsync(client, Mutate(mutate, seed, key), cancellationToken).ConfigureAwait(false);
            if (created)
            {
                return (OperationResult.Created, stored);
            }

            cached = stored;
        }

        if (ObjectKey.Of(cached) != key)
        {
            throw new ArgumentException($"the cached object {ObjectKey.Of(cached)} is not {key}", nameof(cached));
        }

        var desired = Mutate(mutate, cached, key);
        if (JsonSerializer.Serialize(desired, T.JsonTypeInfo) == JsonSerializer.Serialize(cached, T.JsonTypeInfo))
        {
            return (OperationResult.Unchanged, cached);
        }

        try
        {
            return (OperationResult.Updated, await client.UpdateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.Conflict or KubeErrorReason.NotFound)
        {
            // The copy was stale: read, then write as usual.
            return await client.CreateOrUpdateAsync(seed, mutate, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates an unstructured object, or, when it exists, sets its top-level fields other than apiVersion, kind,
    /// metadata and status to those of <paramref name="desired"/> (written only when one differs). Fields the desired
    /// object does not name are left as they are.
    /// </summary>
    public static async Task<(OperationResult Result, GenericObject Object)> CreateOrUpdateAsync(
        this IResourceClient<GenericObject> client,
        GenericObject desired,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(desired);
        var existing = await client.GetAsync(desired.Metadata.Namespace, NameOf(desired), cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var (created, stored) = await CreateOrGetAsync(client, desired, cancellationToken).ConfigureAwait(false);
            if (created)
            {
                return (OperationResult.Created, stored);
            }

            existing = stored;
        }

        var body = existing.Body;
        var changed = false;
        foreach (var (field, value) in desired.Body)
        {
            if (field is "metadata" or "status" or "apiVersion" or "kind" || JsonNode.DeepEquals(body[field], value))
            {
                continue;
            }

            body[field] = value?.DeepClone();
            changed = true;
        }

        return changed
            ? (OperationResult.Updated, await client.UpdateAsync(new GenericObject(body), cancellationToken: cancellationToken).ConfigureAwait(false))
            : (OperationResult.Unchanged, existing);
    }

    /// <summary>Creates <paramref name="desired"/> unless an object with its name exists; returns what is stored (never changes an existing object).</summary>
    public static async Task<(OperationResult Result, T Object)> CreateIfMissingAsync<T>(
        this IResourceClient<T> client,
        T desired,
        CancellationToken cancellationToken = default)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(desired);
        var existing = await client.GetAsync(desired.Metadata.Namespace, NameOf(desired), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return (OperationResult.Unchanged, existing);
        }

        var (created, stored) = await CreateOrGetAsync(client, desired, cancellationToken).ConfigureAwait(false);
        return (created ? OperationResult.Created : OperationResult.Unchanged, stored);
    }

    /// <summary>Creates; when another writer created it first, returns theirs.</summary>
    private static async Task<(bool Created, T Object)> CreateOrGetAsync<T>(IResourceClient<T> client, T desired, CancellationToken cancellationToken)
        where T : class, IKubeObject
    {
        try
        {
            return (true, await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            var stored = await client.GetAsync(desired.Metadata.Namespace, NameOf(desired), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{desired.Kind} {desired.Metadata.Namespace}/{desired.Metadata.Name} was deleted while being created", e);
            return (false, stored);
        }
    }

    private static string NameOf(IKubeObject obj) =>
        obj.Metadata.Name is { Length: > 0 } name ? name : throw new ArgumentException("the object has no metadata.name", nameof(obj));

    private static T Mutate<T>(Func<T, T> mutate, T input, ObjectKey key)
        where T : class, IKubeObject<T>
    {
        var output = mutate(input);
        if (ObjectKey.Of(output) != key)
        {
            throw new InvalidOperationException($"the mutate callback changed the object's key from {key} to {ObjectKey.Of(output)}");
        }

        return output;
    }
}
