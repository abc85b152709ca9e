using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects.Validation;
using Tdcc.Mesh.ApiServer.OpenApi;
using Tdcc.Mesh.ApiServer.OpenApi.Types;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Typed decoding (400) and field validation (422) of objects before they are stored.</summary>
internal sealed partial class ObjectService
{
    /// <summary>
    /// Decodes <paramref name="body"/> as kube decodes a request into its Go type: 400 BadRequest with Go's message
    /// (<c>Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ...</c>) on a type error.
    /// Custom resources have only their metadata typed (their schema is checked by <see cref="ApplyCustomSchema"/>).
    /// </summary>
    private void DecodeOrThrow(ResourceDefinition definition, JsonObject body)
    {
        if (DecodeError(definition, body) is { } error)
        {
            Rejected(definition, body, SafeName(body), error.Message);
            throw error;
        }
    }

    private static ApiException? DecodeError(ResourceDefinition definition, JsonObject body)
    {
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (body[field] is { } value && value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
            {
                var summary = body.ToJsonString();
                summary = summary.Length > 30 ? summary[..30] + " ..." : summary;
                return ApiException.BadRequest($"the object provided is unrecognized (must be of type {definition.Kind}): couldn't get version/kind; json parse error: json: cannot unmarshal {Describe(value)} into Go struct field .{field} of type string ({summary})");
            }
        }

        var message = definition.IsCustom
            ? TypedDecoder.Decode(new JsonObject { ["metadata"] = body["metadata"]?.DeepClone() }, BuiltInSchemas.ObjectMetaName) is { } metaError
                ? metaError.Replace("Go struct field ObjectMeta.metadata ", $"Go struct field {definition.Kind}.metadata ", StringComparison.Ordinal)
                : null
            : TypedDecoder.Decode(body, OpenApiDocuments.SchemaName(definition));
        return message is null ? null : ApiException.BadRequest($"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: {message}");
    }

    /// <summary>A patched object that does not decode: kube's 422 on the field <c>patch</c> with the patched JSON as the value.</summary>
    private void DecodePatchedOrThrow(ResourceDefinition definition, string name, JsonObject patched)
    {
        if (DecodeError(definition, patched) is null)
        {
            return;
        }

        var message = definition.IsCustom
            ? TypedDecoder.Decode(new JsonObject { ["metadata"] = patched["metadata"]?.DeepClone() }, BuiltInSchemas.ObjectMetaName)
            : TypedDecoder.Decode(patched, OpenApiDocuments.SchemaName(definition));
        message ??= "couldn't get version/kind";
        var cause = new StatusCause("FieldValueInvalid", $"Invalid value: {GoFormat.Quote(patched.ToJsonString())}: {message}", "patch");
        Rejected(definition, patched, name, message);
        throw new ApiException(422, "Invalid", $" \"\" is invalid: patch: {cause.Message}", string.Empty, string.Empty, string.Empty, [cause]);
    }

    /// <summary>Runs the kind's validation strategy on the final object; 422 Invalid with every cause.</summary>
    private void ValidateOrThrow(ResourceDefinition definition, string name, JsonObject obj, JsonObject? old)
    {
        var errors = KindValidations.Validate(definition, obj, old);
        if (errors.Count > 0)
        {
            var error = ApiException.Invalid(definition, name, errors);
            Rejected(definition, obj, name, error.Message);
            throw error;
        }
    }

    private static string SafeNamespace(JsonObject body) => Validation.Fields.Str((body["metadata"] as JsonObject)?["namespace"]) ?? string.Empty;

    private static string SafeName(JsonObject body) => Validation.Fields.Str((body["metadata"] as JsonObject)?["name"]) ?? string.Empty;

    private static string Describe(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => "number",
        _ => "bool",
    };

    private void Rejected(ResourceDefinition definition, JsonObject obj, string name, string reason)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var ns = SafeNamespace(obj);
            LogRejected(_logger, definition.QualifiedResource, ns, name, reason);
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Rejected {Resource} {Namespace}/{Name}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string resource, string @namespace, string name, string reason);
}
