using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// What a DELETE answers once the object is gone. kube's generic registry answers with a Success Status naming the
/// object (details.kind is the resource, as kube does), except for registries built with ReturnDeletedObject, which
/// answer with the deleted object. Typed clients rely on this: client-node's deleteNamespacedConfigMap returns a V1Status.
/// </summary>
internal static class DeleteResponse
{
    /// <summary>Core resources whose kube registry sets ReturnDeletedObject.</summary>
    private static readonly FrozenSet<string> ReturnsDeletedObject =
        FrozenSet.Create(StringComparer.Ordinal, "pods", "services", "namespaces", "serviceaccounts");

    /// <summary>True when a finished delete of <paramref name="definition"/> answers with the object itself.</summary>
    public static bool ReturnsObject(ResourceDefinition definition) =>
        !definition.IsCustom && definition.Group.Length == 0 && ReturnsDeletedObject.Contains(definition.Resource);

    /// <summary>The Success Status for a deleted object.</summary>
    public static JsonObject SuccessStatus(ResourceDefinition definition, StoredObject deleted)
    {
        var details = new JsonObject { ["name"] = deleted.Name };
        if (definition.Group.Length > 0)
        {
            details["group"] = definition.Group;
        }

        details["kind"] = definition.Resource;
        details["uid"] = deleted.Uid;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
