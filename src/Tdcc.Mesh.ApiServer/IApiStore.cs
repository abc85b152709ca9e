using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer;

/// <summary>
/// In-process access to one API server's objects with the same semantics as its REST API
/// (validation, resourceVersions, generation, finalizers, garbage collection, watch events).
/// Resources are named by apiVersion (<c>v1</c>, <c>apps/v1</c>) and plural resource (<c>pods</c>).
/// Failures throw <see cref="KubeApiException"/>.
/// </summary>
public interface IApiStore
{
    /// <summary>The newest resourceVersion handed out.</summary>
    long ResourceVersion { get; }

    /// <summary>The object, or null when it does not exist.</summary>
    JsonObject? GetObject(string apiVersion, string resource, string? namespaceName, string name);

    /// <summary>The objects of a resource, in one namespace or (null) all, optionally filtered by a label selector.</summary>
    IReadOnlyList<JsonObject> ListObjects(string apiVersion, string resource, string? namespaceName = null, string? labelSelector = null);

    /// <summary>Creates an object; its namespace comes from metadata.namespace.</summary>
    JsonObject CreateObject(string apiVersion, string resource, JsonObject obj);

    /// <summary>Replaces an object (or only its status) like PUT.</summary>
    JsonObject UpdateObject(string apiVersion, string resource, JsonObject obj, bool status = false);

    /// <summary>Deletes an object; returns its last state (carrying a deletionTimestamp while finalizers remain).</summary>
    JsonObject DeleteObject(string apiVersion, string resource, string? namespaceName, string name);
}
