using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>
/// Server-side apply and field ownership (<c>metadata.managedFields</c>), after structured-merge-diff: appliers own the
/// fields they apply, changing another manager's field is a conflict unless forced, fields an applier stops applying are
/// removed unless someone else owns them, and updates move ownership of the fields they change to the updater.
/// </summary>
public static class ServerSideApply
{
    /// <summary>The manager kube credits with the fields of an object that had no managedFields before its first apply.</summary>
    public const string BeforeFirstApplyManager = "before-first-apply";

    /// <summary>
    /// Applies <paramref name="applied"/> (the full intent of <paramref name="manager"/>) to <paramref name="live"/>
    /// (null: create). Lists merge by key where <paramref name="schema"/> or the CRD's <c>x-kubernetes-list-*</c> say so;
    /// other lists are atomic. Inputs are never mutated.
    /// </summary>
    public static ApplyResult Apply(
        JsonObject? live,
        JsonObject applied,
        string manager,
        bool force,
        DateTimeOffset now,
        PatchSchema schema,
        StructuralSchema? crdSchema = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new ObjectFields(new ListShapes(schema, crdSchema));
        var config = (JsonObject)applied.DeepClone();
        (config["metadata"] as JsonObject)?.Remove("managedFields");
        var apiVersion = config["apiVersion"]?.ToString() ?? live?["apiVersion"]?.ToString();

        var appliedSet = fields.ToFieldSet(config);
        var entries = ManagedFieldsEntry.Read(live);
        if (live is not null && entries.Count == 0)
        {
            // Like kube, fields of an object nobody has claimed yet belong to a synthetic updater.
            entries.Add(ManagedFieldsEntry.Create(
                BeforeFirstApplyManager, ManagedFieldsEntry.UpdateOperation, live["apiVersion"]?.ToString(), now, fields.ToFieldSet(live)));
        }

        var merged = fields.Merge(live, config);
        var changed = ObjectFields.Changed(appliedSet, live, merged);

        var mine = entries.Find(e => e.Is(manager, ManagedFieldsEntry.ApplyOperation, null));
        var others = entries.Where(e => e != mine).ToList();
        var conflicts = new List<ApplyConflict>();
        foreach (var entry in others)
        {
            foreach (var path in entry.Fields.Intersection(changed).Paths())
            {
                conflicts.Add(new ApplyConflict(entry.Manager, PathElements.Format(path))
                {
                    Operation = entry.Operation,
                    ApiVersion = entry.ApiVersion,
                    Subresource = entry.Subresource,
                });
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            return new ApplyResult((JsonObject)(live?.DeepClone() ?? config), conflicts);
        }

        foreach (var entry in others)
        {
            entry.Fields = entry.Fields.Difference(changed);
        }

        var ownedByOthers = others.Aggregate(new FieldSet(), (set, entry) => set.Union(entry.Fields));
        var dropped = (mine?.Fields ?? new FieldSet()).Difference(appliedSet);
        foreach (var path in dropped.Paths())
        {
            if (!ownedByOthers.ContainsPrefix(path))
            {
                PathElements.Remove(merged, path);
            }
        }

        if (mine is null)
        {
            entries.Add(ManagedFieldsEntry.Create(manager, ManagedFieldsEntry.ApplyOperation, apiVersion, now, appliedSet));
        }
        else
        {
            var unchanged = changed.IsEmpty && dropped.IsEmpty
                && JsonNode.DeepEquals(mine.Fields.ToFieldsV1(), appliedSet.ToFieldsV1());
            mine.Fields = appliedSet;
            if (!unchanged)
            {
                mine.Touch(now, apiVersion);
            }
        }

        ManagedFieldsEntry.Write(merged, entries);
        return new ApplyResult(merged, []);
    }

    /// <summary>
    /// Records a non-apply write (create, update, patch) by <paramref name="manager"/>: it gains the fields it added or
    /// changed (operation Update), other managers lose them, and removed fields leave every manager. Returns a copy of
    /// <paramref name="newObject"/> with <c>metadata.managedFields</c> set. If the client sent managedFields that differ
    /// from the stored ones, those are taken as the starting point (kube lets clients reset or migrate ownership).
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? oldObject, JsonObject newObject, string manager, DateTimeOffset now, PatchSchema schema) =>
        RecordUpdate(oldObject, newObject, manager, now, schema, crdSchema: null, subresource: null);

    /// <summary>
    /// <see cref="RecordUpdate(JsonObject?, JsonObject, string, DateTimeOffset, PatchSchema)"/> for a custom resource
    /// (list shapes from its schema) and/or a subresource write (e.g. <c>status</c>, recorded with that subresource).
    /// </summary>
    public static JsonObject RecordUpdate(
        JsonObject? oldObject,
        JsonObject newObject,
        string manager,
        DateTimeOffset now,
        PatchSchema schema,
        StructuralSchema? crdSchema,
        string? subresource)
    {
        ArgumentNullException.ThrowIfNull(newObject);
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new ObjectFields(new ListShapes(schema, crdSchema));
        var result = (JsonObject)newObject.DeepClone();
        var sentManagedFields = newObject["metadata"]?["managedFields"];
        var clientReset = sentManagedFields is not null && !JsonNode.DeepEquals(sentManagedFields, oldObject?["metadata"]?["managedFields"]);
        var entries = ManagedFieldsEntry.Read(clientReset ? newObject : oldObject);

        var newSet = fields.ToFieldSet(result);
        FieldSet changed;
        FieldSet removed;
        if (oldObject is null)
        {
            changed = newSet;
            removed = new FieldSet();
        }
        else
        {
            changed = ObjectFields.Changed(newSet, oldObject, result);
            removed = fields.ToFieldSet(oldObject).Difference(newSet);
        }

        var mine = entries.Find(e => e.Is(manager, ManagedFieldsEntry.UpdateOperation, subresource));
        foreach (var entry in entries)
        {
            entry.Fields = entry.Fields.Difference(removed);
            if (entry != mine)
            {
                entry.Fields = entry.Fields.Difference(changed);
            }
        }

        var apiVersion = result["apiVersion"]?.ToString();
        if (!changed.IsEmpty)
        {
            if (mine is null)
            {
                mine = ManagedFieldsEntry.Create(manager, ManagedFieldsEntry.UpdateOperation, apiVersion, now, changed);
                if (!string.IsNullOrEmpty(subresource))
                {
                    mine.Raw["subresource"] = subresource;
                }

                entries.Add(mine);
            }
            else
            {
                mine.Fields = mine.Fields.Union(changed);
                mine.Touch(now, apiVersion);
            }
        }

        ManagedFieldsEntry.Write(result, entries);
        return result;
    }
}
