using System.Diagnostics.CodeAnalysis;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>The delete side of <see cref="CreateOrUpdateExtensions"/>: deleting what is already gone is not an error.</summary>
public static class DeleteIfPresentExtensions
{
    /// <summary>Deletes the object; returns false (and does not throw) when it does not exist.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term, as in IResourceClient.")]
    public static async Task<bool> DeleteIfPresentAsync<T>(this IResourceClient<T> client, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            await client.DeleteAsync(@namespace, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
        {
            return false;
        }
    }
}
