using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Apply;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.ApiMachinery.Schema;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Custom resource schemas (pruning, defaulting, validation, strict field validation) and managedFields bookkeeping.</summary>
internal sealed partial class ObjectService
{
    private static readonly string[] RootFields = ["apiVersion", "kind", "metadata"];

    private static PatchSchema PatchSchemaFor(ResourceDefinition definition) =>
        definition.IsCustom ? PatchSchema.Empty : PatchSchema.ForKind(definition.Group, definition.Version, definition.Kind);

    /// <summary>Prunes unknown fields, applies defaults and validates a custom resource against its CRD schema.</summary>
    private static void ApplyCustomSchema(ResourceDefinition definition, JsonObject obj, string name, WriteOptions options)
    {
        if (!definition.IsCustom || definition.Structural is not { } schema)
        {
            return;
        }

        // apiVersion, kind and metadata are the server's, never pruned or validated against the user schema.
        var saved = RootFields.ToDictionary(f => f, f => obj[f]);
        foreach (var field in RootFields)
        {
            obj.Remove(field);
        }

        var report = SchemaPruner.PruneWithReport(obj, schema);
        if (report.UnknownFields.Count > 0 && string.Equals(options.FieldValidation, "Strict", StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: strict decoding error: {string.Join(", ", report.UnknownFields.Select(f => $"unknown field \"{f}\""))}");
        }

        var defaulted = SchemaDefaulter.Apply(report.Pruned, schema).AsObject();
        var errors = SchemaValidator.Validate(defaulted, schema);
        var content = defaulted.ToList();
        defaulted.Clear();
        obj.Clear();
        var index = 0;
        foreach (var field in RootFields)
        {
            if (saved[field] is { } value)
            {
                value.Parent?.AsObject().Remove(field);
                obj.Insert(index++, field, value);
            }
        }

        foreach (var (key, value) in content)
        {
            obj[key] = value;
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(definition, name, errors.Select(e => new StatusCause(e.Reason, e.Message, e.Field)).ToList());
        }
    }

    /// <summary>Records the writer's fields in metadata.managedFields (non-apply writes).</summary>
    private JsonObject RecordManager(ResourceDefinition definition, JsonObject? current, JsonObject next, WriteOptions options, string? subresource)
    {
        if (options.IsApply)
        {
            return next;
        }

        var manager = string.IsNullOrEmpty(options.FieldManager) ? "unknown" : options.FieldManager;
        return ServerSideApply.RecordUpdate(current, next, manager, _time.GetUtcNow(), PatchSchemaFor(definition), definition.Structural, subresource);
    }

    /// <summary>Server-side apply of <paramref name="applied"/> onto <paramref name="live"/> (null: create); 409 on conflicts unless forced.</summary>
    private JsonObject ServerSideApplyOrThrow(ResourceDefinition definition, string name, JsonObject? live, JsonObject applied, WriteOptions options)
    {
        var result = ServerSideApply.Apply(live, applied, options.FieldManager ?? "unknown", options.Force, _time.GetUtcNow(), PatchSchemaFor(definition), definition.Structural);
        if (!result.Succeeded)
        {
            throw new ApiException(
                409,
                "Conflict",
                ApplyConflictMessage.Format(result.Conflicts),
                name,
                definition.Group,
                definition.Resource,
                result.Conflicts.Select(c => new StatusCause(ApplyConflictMessage.CauseReason, c.CauseMessage, c.FieldPath)).ToList());
        }

        return result.Object;
    }
}
