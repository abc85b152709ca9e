using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>
/// What happens after an object leaves the store: garbage collection of dependents, finishing foreground
/// deletions of owners, finishing terminating namespaces and CRDs. Runs synchronously on the deleting request.
/// </summary>
internal sealed partial class ObjectService
{
    private void AfterRemoved(StoredObject removed)
    {
        var obj = removed.ToJson();
        ReleaseServiceIp(removed);

        // Dependents: delete those left without any live owner, unlink the rest.
        foreach (var dependent in _store.Dependents(removed.Uid))
        {
            var others = ObjectMeta.OwnerReferences(dependent.ToJson())
                .Where(r => !string.Equals((string?)r["uid"], removed.Uid, StringComparison.Ordinal))
                .Any(r => FindOwner(r, dependent.Namespace) is not null);
            if (others)
            {
                RemoveOwnerReference(dependent, removed.Uid);
            }
            else
            {
                DeleteQuietly(dependent, PropagationPolicy.Background);
            }
        }

        // Owners waiting in foreground deletion may now be done.
        foreach (var ownerRef in ObjectMeta.OwnerReferences(obj))
        {
            if (FindOwner(ownerRef, removed.Namespace) is { } owner)
            {
                TryFinishForeground(owner.Resource, owner.Namespace, owner.Name);
            }
        }

        if (removed.Resource == CrdResource)
        {
            RefreshCustomResources();
        }
        else if (removed.Namespace.Length > 0)
        {
            TryFinishNamespace(removed.Namespace);
        }

        if (_registry.Current.FindStorage(removed.Resource) is { IsCustom: true } custom)
        {
            TryFinishCrd(custom.Resource + "." + custom.Group);
        }
    }

    private StoredObject? FindOwner(JsonObject ownerRef, string dependentNamespace)
    {
        var definition = _registry.Current.FindKind((string?)ownerRef["apiVersion"] ?? string.Empty, (string?)ownerRef["kind"] ?? string.Empty);
        if (definition is null)
        {
            return null;
        }

        var owner = _store.Get(definition.QualifiedResource, definition.Namespaced ? dependentNamespace : string.Empty, (string?)ownerRef["name"] ?? string.Empty);
        return owner is not null && string.Equals(owner.Uid, (string?)ownerRef["uid"], StringComparison.Ordinal) ? owner : null;
    }

    /// <summary>Drops the foregroundDeletion finalizer once no blocking dependent is left.</summary>
    private void TryFinishForeground(string resource, string ns, string name)
    {
        var owner = _store.Get(resource, ns, name);
        if (owner is null)
        {
            return;
        }

        var ownerObject = owner.ToJson();
        if (!ObjectMeta.IsDeleting(ownerObject) || !ObjectMeta.Finalizers(ownerObject).Contains(ForegroundFinalizer))
        {
            return;
        }

        var blocked = _store.Dependents(owner.Uid).Any(d => ObjectMeta.OwnerReferences(d.ToJson())
            .Any(r => string.Equals((string?)r["uid"], owner.Uid, StringComparison.Ordinal) && r["blockOwnerDeletion"] is JsonValue b && b.TryGetValue<bool>(out var blocks) && blocks));
        if (!blocked)
        {
            RemoveFinalizer(owner, ForegroundFinalizer);
        }
    }

    /// <summary>Deletes everything in a terminating namespace, then the namespace once it is empty.</summary>
    private void EmptyNamespace(string ns)
    {
        foreach (var definition in _registry.Current.StorageDefinitions.Where(d => d.Namespaced))
        {
            foreach (var item in _store.List(definition.QualifiedResource, ns).Items)
            {
                DeleteQuietly(item, PropagationPolicy.Background);
            }
        }

        TryFinishNamespace(ns);
    }

    private void TryFinishNamespace(string ns)
    {
        var nsObject = _store.Get("namespaces", string.Empty, ns);
        if (nsObject is null || _store.HasObjectsIn(ns) || !ObjectMeta.IsDeleting(nsObject.ToJson()))
        {
            return;
        }

        try
        {
            var result = _store.Update(
                "namespaces",
                string.Empty,
                ns,
                stored =>
                {
                    var obj = stored.ToJson();
                    if (obj["spec"]?["finalizers"] is not JsonArray finalizers)
                    {
                        return null;
                    }

                    var kept = finalizers.Where(f => (string?)f != "kubernetes").Select(f => f?.DeepClone()).ToArray();
                    obj["spec"]!["finalizers"] = new JsonArray(kept);
                    return obj;
                },
                dryRun: false);
            if (result.Removed)
            {
                AfterRemoved(result.Object);
            }
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            // Removed concurrently.
        }
    }

    private void RemoveFinalizer(StoredObject target, string finalizer)
    {
        try
        {
            var result = _store.Update(
                target.Resource,
                target.Namespace,
                target.Name,
                stored =>
                {
                    var obj = stored.ToJson();
                    var finalizers = ObjectMeta.Finalizers(obj);
                    if (!finalizers.Remove(finalizer))
                    {
                        return null;
                    }

                    ObjectMeta.SetFinalizers(obj, finalizers);
                    return obj;
                },
                dryRun: false);
            if (result.Removed)
            {
                AfterRemoved(result.Object);
            }
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            // Removed concurrently.
        }
    }
}
