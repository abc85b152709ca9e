using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Status writes that do not depend on the copy's resource version.</summary>
public static class StatusWriteExtensions
{
    /// <summary>
    /// Writes <paramref name="obj"/>'s <c>status</c> as a JSON merge patch of the status subresource: no resource
    /// version, so a copy from an informer that lags the server cannot conflict (the status is the writer's own, whole;
    /// arrays such as conditions are replaced, fields the status does not name are kept).
    /// </summary>
    public static Task<T> MergeStatusAsync<T>(this IResourceClient<T> client, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(obj);
        var status = JsonSerializer.SerializeToNode(obj, T.JsonTypeInfo)?["status"]?.DeepClone();
        var patch = new JsonObject { ["status"] = status ?? new JsonObject() };
        return client.PatchStatusAsync(
            obj.Metadata.Namespace,
            obj.Metadata.Name ?? throw new ArgumentException("the object has no metadata.name", nameof(obj)),
            new Patch(PatchType.Merge, patch.ToJsonString()),
            cancellationToken: cancellationToken);
    }
}
