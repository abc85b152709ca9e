using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>PATCH in its four formats, on the object, its status, or its scale.</summary>
internal sealed partial class ObjectService
{
    /// <summary>The error kube gives for a strategic merge patch on a custom resource.</summary>
    public static ApiException StrategicMergeUnsupported() => new(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    /// <summary>Patches an object; for <see cref="PatchType.Apply"/> a missing object is created.</summary>
    public StoreWriteResult Patch(ResourceDefinition definition, string ns, string name, PatchType type, JsonNode patch, string? subresource, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(patch);
        if (type == PatchType.StrategicMerge && definition.IsCustom)
        {
            throw StrategicMergeUnsupported();
        }

        if (subresource == "scale")
        {
            var scale = ToScale(definition, Get(definition, ns, name));
            var patchedScale = ApplyPatch(definition, name, type, scale, patch, PatchSchema.Empty);
            return UpdateScale(definition, ns, name, patchedScale, options);
        }

        if (type == PatchType.Apply)
        {
            if (patch is not JsonObject applied)
            {
                throw ApiException.BadRequest("the apply patch must be an object");
            }

            Http.ObjectShape.Check(applied, definition.Kind);
            DecodeOrThrow(definition, applied);
            var applyOptions = options with { IsApply = true };
            if (_store.Get(definition.QualifiedResource, ns, name) is null)
            {
                var body = applied.DeepClone().AsObject();
                ObjectMeta.Of(body)["name"] ??= name;
                var created = Create(definition, ns, ServerSideApplyOrThrow(definition, name, null, body, applyOptions), applyOptions);
                return new StoreWriteResult(created, Removed: false, Changed: true);
            }

            return Mutate(definition, ns, name, current => ServerSideApplyOrThrow(definition, name, current, applied, applyOptions), subresource, applyOptions, isPut: false);
        }

        var schema = PatchSchemaFor(definition);
        return Mutate(definition, ns, name, current => ApplyPatch(definition, name, type, current, patch, schema), subresource, options, isPut: false);
    }

    private static JsonObject ApplyPatch(ResourceDefinition definition, string name, PatchType type, JsonObject current, JsonNode patch, PatchSchema schema)
    {
        try
        {
            var result = type switch
            {
                PatchType.Json => JsonPatch.Apply(current, patch.DeepClone()),
                PatchType.StrategicMerge => StrategicMergePatch.Apply(current, patch.DeepClone(), schema),
                _ => JsonMergePatch.Apply(current, patch.DeepClone()),
            };
            var patched = result as JsonObject ?? throw ApiException.BadRequest("the patch must produce an object");
            Http.ObjectShape.Check(patched, definition.Kind);
            return patched;
        }
        catch (PatchException e)
        {
            throw e.Kind switch
            {
                PatchErrorKind.Conflict => ApiException.Conflict(definition, name, e.Message),
                PatchErrorKind.Invalid => new ApiException(422, "Invalid", e.Message, name, definition.Group, definition.Kind),
                PatchErrorKind.TooLarge => new ApiException(413, "RequestEntityTooLarge", e.Message),
                _ => ApiException.BadRequest(e.Message),
            };
        }
    }
}
