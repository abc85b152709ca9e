using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Kube;

/// <summary>Idempotent writes the hub and the agent repeat on every pass.</summary>
internal static class KubeWrites
{
    /// <summary>Creates the object, or replaces its top-level fields (except metadata and status) when it exists.</summary>
    public static async Task<GenericObject> EnsureAsync(IResourceClient<GenericObject> client, GenericObject desired, CancellationToken cancellationToken)
    {
        var existing = await client.GetAsync(desired.Metadata.Namespace, desired.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                return await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                existing = await client.GetAsync(desired.Metadata.Namespace, desired.Metadata.Name!, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{desired} vanished while being created");
            }
        }

        var body = existing.Body;
        var changed = false;
        foreach (var (key, value) in desired.Body)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }

            if (!JsonNode.DeepEquals(body[key], value))
            {
                body[key] = value?.DeepClone();
                changed = true;
            }
        }

        return changed ? await client.UpdateAsync(new GenericObject(body), cancellationToken: cancellationToken).ConfigureAwait(false) : existing;
    }

    /// <summary>Creates a typed object unless one with its name exists; returns what is stored.</summary>
    public static async Task<T> CreateIfMissingAsync<T>(IResourceClient<T> client, T desired, CancellationToken cancellationToken)
        where T : class, IKubeObject<T>
    {
        var existing = await client.GetAsync(desired.Metadata.Namespace, desired.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            return await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            return await client.GetAsync(desired.Metadata.Namespace, desired.Metadata.Name!, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{typeof(T).Name} {desired.Metadata.Name} vanished while being created");
        }
    }

    /// <summary>Deletes an object; a missing one is not an error.</summary>
    public static async Task DeleteIfExistsAsync<T>(IResourceClient<T> client, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubeObject
    {
        try
        {
            await client.DeleteAsync(ns, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
        {
            // Already gone.
        }
    }

    /// <summary>A JSON merge patch of the status subresource.</summary>
    public static Task<T> MergeStatusAsync<T>(IResourceClient<T> client, string? ns, string name, JsonObject status, CancellationToken cancellationToken)
        where T : class, IKubeObject =>
        client.PatchStatusAsync(ns, name, new Patch(PatchType.Merge, new JsonObject { ["status"] = status }.ToJsonString()), cancellationToken: cancellationToken);

    /// <summary>A Secret data value, decoded; null when absent or not base64.</summary>
    public static string? SecretValue(Secret secret, string key)
    {
        if (secret.Data?.TryGetValue(key, out var encoded) != true || encoded is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Base64 of UTF-8 text, as Secret data holds it.</summary>
    public static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
