using System.Globalization;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>The scale subresource (autoscaling/v1 Scale) over a resource's replica fields.</summary>
internal sealed partial class ObjectService
{
    /// <summary>The autoscaling/v1 Scale view of an object.</summary>
    public static JsonObject ToScale(ResourceDefinition definition, StoredObject stored)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var scale = definition.Scale ?? throw ApiException.NotFound(definition, stored.Name);
        var obj = stored.ToJson();
        var metadata = obj["metadata"]!.AsObject();
        var spec = JsonPathLite.Read(obj, scale.SpecReplicasPath) is JsonValue s && s.TryGetValue<long>(out var specReplicas) ? specReplicas : 0;
        var status = JsonPathLite.Read(obj, scale.StatusReplicasPath) is JsonValue t && t.TryGetValue<long>(out var statusReplicas) ? statusReplicas : 0;
        var statusObject = new JsonObject { ["replicas"] = status };
        var selector = definition.IsCustom
            ? (scale.LabelSelectorPath is { } path ? (string?)JsonPathLite.Read(obj, path) : null)
            : SelectorString(obj["spec"]?["selector"]);
        if (!string.IsNullOrEmpty(selector))
        {
            statusObject["selector"] = selector;
        }

        var scaleMetadata = new JsonObject { ["name"] = stored.Name };
        if (stored.Namespace.Length > 0)
        {
            scaleMetadata["namespace"] = stored.Namespace;
        }

        scaleMetadata["uid"] = stored.Uid;
        scaleMetadata["resourceVersion"] = stored.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        scaleMetadata["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMetadata,
            ["spec"] = new JsonObject { ["replicas"] = spec },
            ["status"] = statusObject,
        };
    }

    /// <summary>Writes spec.replicas from a Scale (PUT or the result of a patch on the Scale).</summary>
    public StoreWriteResult UpdateScale(ResourceDefinition definition, string ns, string name, JsonObject scaleBody, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(scaleBody);
        var scale = definition.Scale ?? throw ApiException.NotFound(definition, name);
        if (Validation.TypedDecoder.Decode(scaleBody, OpenApi.Types.BuiltInSchemas.ScaleName) is { } typeError)
        {
            throw ApiException.BadRequest($"Scale in version \"v1\" cannot be handled as a Scale: {typeError}");
        }

        var kind = (string?)scaleBody["kind"];
        if (!string.IsNullOrEmpty(kind) && kind != "Scale")
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Scale)");
        }

        if (scaleBody["spec"]?["replicas"] is not JsonValue value || !value.TryGetValue<long>(out var replicas))
        {
            replicas = 0;
        }

        if (replicas < 0)
        {
            throw new ApiException(422, "Invalid", $"Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0", name, "autoscaling", "Scale",
                [new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas")]);
        }

        var precondition = (string?)scaleBody["metadata"]?["resourceVersion"];
        return Mutate(
            definition,
            ns,
            name,
            current =>
            {
                if (!string.IsNullOrEmpty(precondition) && !string.Equals(precondition, (string?)current["metadata"]?["resourceVersion"], StringComparison.Ordinal))
                {
                    throw ApiException.Modified(definition, name);
                }

                JsonPathLite.Write(current, scale.SpecReplicasPath, replicas);
                return current;
            },
            null,
            options,
            isPut: false);
    }

    private static string? SelectorString(JsonNode? selector)
    {
        if (selector is null)
        {
            return null;
        }

        try
        {
            return LabelSelector.FromLabelSelector(selector).ToString();
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
