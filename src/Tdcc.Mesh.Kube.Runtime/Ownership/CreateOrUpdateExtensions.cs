using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Ownership;

/// <summary>controller-runtime's <c>CreateOrUpdate</c>: read, let a callback set the desired fields, write only on change.</summary>
public static class CreateOrUpdateExtensions
{
    /// <summary>
    /// Gets the object named by <paramref name="seed"/>. When it exists, <paramref name="mutate"/> gets it and the
    /// result is written with an update if it differs (compared as JSON); otherwise <paramref name="mutate"/> gets
    /// <paramref name="seed"/> and the result is created. The mutation must keep namespace and name. An update that
    /// loses a race fails with a conflict <see cref="KubeApiException"/>; the controller retries the reconcile.
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
            var created = await client.CreateAsync(Mutate(mutate, seed, key), cancellationToken: cancellationToken).ConfigureAwait(false);
            return (OperationResult.Created, created);
        }

        var desired = Mutate(mutate, existing, key);
        if (JsonSerializer.Serialize(desired, T.JsonTypeInfo) == JsonSerializer.Serialize(existing, T.JsonTypeInfo))
        {
            return (OperationResult.Unchanged, existing);
        }

        var updated = await client.UpdateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (OperationResult.Updated, updated);
    }

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
