using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Deletion: preconditions, finalizers, propagation policies and deletecollection.</summary>
internal sealed partial class ObjectService
{
    private const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// Deletes an object. When finalizers remain it only gains a deletionTimestamp (Removed is false);
    /// otherwise it leaves the store and its dependents are handled per the propagation policy.
    /// </summary>
    public StoreWriteResult Delete(ResourceDefinition definition, string ns, string name, DeletionOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        var existing = Get(definition, ns, name);
        if (options.Propagation == PropagationPolicy.Orphan && !options.DryRun)
        {
            CheckPreconditions(definition, name, existing, options);
            Orphan(existing.Uid);
        }

        StoreWriteResult result;
        try
        {
            result = _store.Update(
                definition.QualifiedResource,
                ns,
                name,
                stored =>
                {
                    CheckPreconditions(definition, name, stored, options);
                    var obj = stored.ToJson();
                    var finalizers = ObjectMeta.Finalizers(obj);
                    if (options.Propagation == PropagationPolicy.Foreground && !finalizers.Contains(ForegroundFinalizer) && _store.Dependents(stored.Uid).Count > 0)
                    {
                        finalizers.Add(ForegroundFinalizer);
                    }

                    var metadata = ObjectMeta.Of(obj);
                    var grace = definition.QualifiedResource == "pods" ? PodGracePeriod(obj, options.GracePeriodSeconds) : 0;
                    var currentGrace = metadata["deletionGracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var held) ? held : (long?)null;
                    if (metadata["deletionTimestamp"] is null || (currentGrace is { } existing && grace < existing))
                    {
                        // As kube-apiserver: a pod's deletionTimestamp is when its grace period ends; a later delete may shorten it.
                        metadata["deletionTimestamp"] = ObjectMeta.Timestamp(_time.GetUtcNow().AddSeconds(grace));
                        metadata["deletionGracePeriodSeconds"] = grace;
                    }

                    if (definition.QualifiedResource == "namespaces")
                    {
                        JsonPathLite.Write(obj, ".status.phase", "Terminating");
                    }

                    ObjectMeta.SetFinalizers(obj, finalizers);
                    return obj;
                },
                options.DryRun);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            throw ApiException.NotFound(definition, name);
        }

        if (options.DryRun)
        {
            return result;
        }

        LogDeleting(_logger, definition.QualifiedResource, ns, name, result.Removed);
        if (result.Removed)
        {
            AfterRemoved(result.Object);
            return result;
        }

        var current = result.Object;
        if (definition.QualifiedResource == "namespaces")
        {
            EmptyNamespace(current.Name);
            return new StoreWriteResult(_store.Get("namespaces", string.Empty, name) ?? current, _store.Get("namespaces", string.Empty, name) is null, true);
        }

        if (IsCrd(definition))
        {
            DeleteCustomObjects(current);
        }
        else if (ObjectMeta.Finalizers(current.ToJson()).Contains(ForegroundFinalizer))
        {
            foreach (var dependent in _store.Dependents(current.Uid))
            {
                DeleteQuietly(dependent, PropagationPolicy.Foreground);
            }

            TryFinishForeground(current.Resource, current.Namespace, current.Name);
        }

        var latest = _store.Get(definition.QualifiedResource, ns, name);
        return new StoreWriteResult(latest ?? current, latest is null, true);
    }

    /// <summary>Deletes every object matching <paramref name="listOptions"/>; returns the deleted (or now deleting) objects.</summary>
    public IReadOnlyList<StoredObject> DeleteCollection(ResourceDefinition definition, string? ns, ListOptions listOptions, DeletionOptions options)
    {
        var page = List(definition, ns, listOptions with { Limit = 0, Continue = null });
        var deleted = new List<StoredObject>(page.Items.Count);
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(Delete(definition, item.Namespace, item.Name, options).Object);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently.
            }
        }

        return deleted;
    }

    /// <summary>
    /// The grace period of a pod deletion, as kube-apiserver computes it: the request's, else the pod's
    /// terminationGracePeriodSeconds (30); zero for pods no kubelet runs (unscheduled) or that already finished.
    /// </summary>
    private static long PodGracePeriod(JsonObject pod, long? requested)
    {
        var phase = (string?)pod["status"]?["phase"];
        if (string.IsNullOrEmpty((string?)pod["spec"]?["nodeName"]) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        if (requested is { } seconds)
        {
            return Math.Max(0, seconds);
        }

        return pod["spec"]?["terminationGracePeriodSeconds"] is JsonValue value && value.TryGetValue<long>(out var fromSpec) ? Math.Max(0, fromSpec) : 30;
    }

    private static void CheckPreconditions(ResourceDefinition definition, string name, StoredObject stored, DeletionOptions options)
    {
        if (options.PreconditionUid is { Length: > 0 } uid && !string.Equals(uid, stored.Uid, StringComparison.Ordinal))
        {
            throw ApiException.Conflict(definition, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {stored.Uid}");
        }

        var version = stored.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.PreconditionResourceVersion is { Length: > 0 } rv && !string.Equals(rv, version, StringComparison.Ordinal))
        {
            throw ApiException.Conflict(definition, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {version}");
        }
    }

    /// <summary>Removes ownerReferences to <paramref name="ownerUid"/> from its dependents.</summary>
    private void Orphan(string ownerUid)
    {
        foreach (var dependent in _store.Dependents(ownerUid))
        {
            RemoveOwnerReference(dependent, ownerUid);
        }
    }

    private void RemoveOwnerReference(StoredObject dependent, string ownerUid)
    {
        try
        {
            _store.Update(
                dependent.Resource,
                dependent.Namespace,
                dependent.Name,
                stored =>
                {
                    var obj = stored.ToJson();
                    var metadata = ObjectMeta.Of(obj);
                    if (metadata["ownerReferences"] is not JsonArray refs)
                    {
                        return null;
                    }

                    var kept = refs.OfType<JsonObject>().Where(r => !string.Equals((string?)r["uid"], ownerUid, StringComparison.Ordinal)).Select(r => (JsonNode?)r.DeepClone()).ToArray();
                    if (kept.Length == refs.Count)
                    {
                        return null;
                    }

                    if (kept.Length == 0)
                    {
                        metadata.Remove("ownerReferences");
                    }
                    else
                    {
                        metadata["ownerReferences"] = new JsonArray(kept);
                    }

                    return obj;
                },
                dryRun: false);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            // Gone already.
        }
    }

    /// <summary>Deletes a stored object on the server's own behalf, ignoring objects that vanished meanwhile.</summary>
    private void DeleteQuietly(StoredObject target, PropagationPolicy propagation)
    {
        var definition = _registry.Current.FindStorage(target.Resource);
        if (definition is null)
        {
            return;
        }

        try
        {
            Delete(definition, target.Namespace, target.Name, new DeletionOptions(propagation, PreconditionUid: target.Uid));
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone, or replaced by a new object of the same name.
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Deleting {Resource} {Namespace}/{Name}; removed now: {Removed}")]
    private static partial void LogDeleting(ILogger logger, string resource, string @namespace, string name, bool removed);
}
