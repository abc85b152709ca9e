using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;
using Tdcc.Mesh.ApiServer.Tables;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>The REST verbs on one resource: get, list, watch, create, update, patch, delete, deletecollection, and the status and scale subresources.</summary>
internal sealed class ResourceHandler
{
    private readonly ObjectService _objects;
    private readonly TimeProvider _time;
    private readonly WatchHandler _watch;

    public ResourceHandler(ObjectService objects, KubeApiServerOptions options, TimeProvider time)
    {
        _objects = objects;
        _time = time;
        _watch = new WatchHandler(objects, options, time);
    }

    public async Task HandleAsync(HttpContext context, ResourceRequest request, ResourceDefinition definition, Negotiated negotiated)
    {
        if (!definition.Namespaced && request.Namespace is not null)
        {
            await HttpResponses.WriteNotFoundPageAsync(context).ConfigureAwait(false);
            return;
        }

        if (request.Subresource is { } sub && !(sub == "status" && definition.HasStatus) && !(sub == "approval" && definition.HasApproval) && !(sub == "scale" && definition.Scale is not null) && !(sub == "finalize" && definition.QualifiedResource == "namespaces"))
        {
            await HttpResponses.WriteNotFoundPageAsync(context).ConfigureAwait(false);
            return;
        }

        var ns = definition.Namespaced ? request.Namespace : string.Empty;
        var method = context.Request.Method;
        var query = context.Request.Query;
        if (request.Name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                if (IsTrue(query["watch"]))
                {
                    await _watch.WatchAsync(context, definition, ns, ListOptionsFrom(query), negotiated).ConfigureAwait(false);
                }
                else
                {
                    await ListAsync(context, definition, ns, negotiated).ConfigureAwait(false);
                }

                return;
            }

            if (HttpMethods.IsPost(method) && (ns is not null || !definition.Namespaced))
            {
                await CreateAsync(context, definition, ns!, negotiated).ConfigureAwait(false);
                return;
            }

            if (HttpMethods.IsDelete(method))
            {
                var options = await DeletionOptionsFromAsync(context).ConfigureAwait(false);
                var deleted = _objects.DeleteCollection(definition, ns, ListOptionsFrom(query), options);
                await WriteListAsync(context, definition, deleted, _objects.Store.ResourceVersion, null, null, negotiated).ConfigureAwait(false);
                return;
            }

            throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }

        ns ??= string.Empty;
        var name = request.Name;
        var subresource = request.Subresource == "finalize" ? null : request.Subresource;
        if (HttpMethods.IsGet(method))
        {
            var stored = _objects.Get(definition, ns, name);
            if (subresource == "scale")
            {
                await ProtobufResponses.WriteNodeAsync(context, 200, ObjectService.ToScale(definition, stored), negotiated).ConfigureAwait(false);
                return;
            }

            await WriteObjectAsync(context, 200, definition, stored, negotiated).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPut(method))
        {
            var body = await RequestBody.ReadObjectAsync(context, definition.Kind).ConfigureAwait(false);
            var options = WriteOptionsFrom(context);
            if (subresource == "scale")
            {
                var scaled = _objects.UpdateScale(definition, ns, name, body, options);
                await ProtobufResponses.WriteNodeAsync(context, 200, ObjectService.ToScale(definition, scaled.Object), negotiated).ConfigureAwait(false);
                return;
            }

            var result = _objects.Update(definition, ns, name, body, subresource, options);
            await WriteObjectAsync(context, 200, definition, result.Object, negotiated).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPatch(method))
        {
            var type = PatchTypeOf(context.Request.ContentType);
            var patch = await RequestBody.ReadNodeAsync(context, yaml: type == PatchType.Apply).ConfigureAwait(false)
                ?? throw ApiException.BadRequest("the patch body is empty");
            var options = WriteOptionsFrom(context);
            if (type == PatchType.Apply && string.IsNullOrEmpty(query["fieldManager"].ToString()))
            {
                throw ApiException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            }

            var existed = type != PatchType.Apply || _objects.Store.Get(definition.QualifiedResource, ns, name) is not null;
            var result = _objects.Patch(definition, ns, name, type, patch, subresource, options);
            if (subresource == "scale")
            {
                await ProtobufResponses.WriteNodeAsync(context, 200, ObjectService.ToScale(definition, result.Object), negotiated).ConfigureAwait(false);
                return;
            }

            await WriteObjectAsync(context, existed ? 200 : 201, definition, result.Object, negotiated).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsDelete(method) && subresource is null)
        {
            var options = await DeletionOptionsFromAsync(context).ConfigureAwait(false);
            var result = _objects.Delete(definition, ns, name, options);
            if ((result.Removed || options.DryRun) && !DeleteResponse.ReturnsObject(definition))
            {
                await ProtobufResponses.WriteNodeAsync(context, 200, DeleteResponse.SuccessStatus(definition, result.Object), negotiated).ConfigureAwait(false);
                return;
            }

            await WriteObjectAsync(context, result.Removed || options.DryRun ? 200 : 202, definition, result.Object, negotiated).ConfigureAwait(false);
            return;
        }

        throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
    }

    internal static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is "true" or "1" or "True";

    internal static ListOptions ListOptionsFrom(IQueryCollection query)
    {
        var limit = 0;
        if (query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw ApiException.BadRequest($"invalid limit: {limitText}");
        }

        return new ListOptions(
            LabelSelector.Parse(query["labelSelector"].ToString()),
            FieldSelector.Parse(query["fieldSelector"].ToString()),
            limit,
            query["continue"].ToString() is { Length: > 0 } token ? token : null);
    }

    private static WriteOptions WriteOptionsFrom(HttpContext context)
    {
        var query = context.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            // kube names an unnamed writer after its user agent's program name.
            var agent = context.Request.Headers.UserAgent.ToString();
            manager = agent.Split('/')[0];
        }

        return new WriteOptions(
            DryRunFrom(query["dryRun"]),
            manager.Length > 0 ? manager : null,
            IsTrue(query["force"]),
            query["fieldValidation"].ToString() is { Length: > 0 } validation ? validation : null)
        {
            User = context.Features.Get<Auth.UserInfo>(),
        };
    }

    private static bool DryRunFrom(Microsoft.Extensions.Primitives.StringValues values)
    {
        var dryRun = false;
        foreach (var value in values)
        {
            if (value == "All")
            {
                dryRun = true;
            }
            else if (!string.IsNullOrEmpty(value))
            {
                throw ApiException.BadRequest($"Invalid dry run value: {value}: supported values: \"All\"");
            }
        }

        return dryRun;
    }

    private static PatchType PatchTypeOf(string? contentType)
    {
        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json-patch+json" => PatchType.Json,
            "application/merge-patch+json" => PatchType.Merge,
            "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
            "application/apply-patch+yaml" => PatchType.Apply,
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
        };
    }

    private static async Task<DeletionOptions> DeletionOptionsFromAsync(HttpContext context)
    {
        var body = context.Request.ContentLength is null or > 0 ? await RequestBody.ReadNodeAsync(context).ConfigureAwait(false) as JsonObject : null;
        return DeletionOptionsFrom(body, context.Request.Query);
    }

    /// <summary>A metav1.DeleteOptions from a body (may be null) and the query parameters.</summary>
    internal static DeletionOptions DeletionOptionsFrom(JsonObject? body, IQueryCollection query)
    {
        var policyText = (string?)body?["propagationPolicy"] ?? (query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null);
        var orphan = body?["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var orphanFlag) ? orphanFlag : (bool?)(query["orphanDependents"].ToString() is { Length: > 0 } q ? q == "true" : null);
        var policy = policyText switch
        {
            null => orphan == true ? PropagationPolicy.Orphan : PropagationPolicy.Background,
            "Background" => PropagationPolicy.Background,
            "Foreground" => PropagationPolicy.Foreground,
            "Orphan" => PropagationPolicy.Orphan,
            _ => throw new ApiException(422, "Invalid", $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policyText}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""),
        };
        var dryRun = DryRunFrom(query["dryRun"]);
        if (body?["dryRun"] is JsonArray dryRunValues)
        {
            dryRun |= DryRunFrom(new Microsoft.Extensions.Primitives.StringValues(dryRunValues.Select(v => (string?)v).ToArray()));
        }

        long? grace = body?["gracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var graceValue) ? graceValue
            : long.TryParse(query["gracePeriodSeconds"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var graceQuery) ? graceQuery : null;
        return new DeletionOptions(
            policy,
            (string?)body?["preconditions"]?["uid"],
            (string?)body?["preconditions"]?["resourceVersion"],
            grace,
            dryRun);
    }

    private static IncludeObject IncludeObjectFrom(IQueryCollection query) => query["includeObject"].ToString() switch
    {
        "None" => IncludeObject.None,
        "Object" => IncludeObject.Object,
        _ => IncludeObject.Metadata,
    };

    private async Task ListAsync(HttpContext context, ResourceDefinition definition, string? ns, Negotiated negotiated)
    {
        var page = _objects.List(definition, ns, ListOptionsFrom(context.Request.Query));
        await WriteListAsync(context, definition, page.Items, page.ResourceVersion, page.Continue, page.RemainingItemCount, negotiated).ConfigureAwait(false);
    }

    private async Task CreateAsync(HttpContext context, ResourceDefinition definition, string ns, Negotiated negotiated)
    {
        var body = await RequestBody.ReadObjectAsync(context, definition.Kind).ConfigureAwait(false);
        var stored = _objects.Create(definition, ns, body, WriteOptionsFrom(context));
        await WriteObjectAsync(context, 201, definition, stored, negotiated).ConfigureAwait(false);
    }

    private Task WriteObjectAsync(HttpContext context, int statusCode, ResourceDefinition definition, StoredObject stored, Negotiated negotiated)
    {
        if (negotiated.Protobuf)
        {
            return ProtobufResponses.WriteObjectAsync(context, statusCode, definition, stored, negotiated);
        }

        if (negotiated.Representation == Representation.Table)
        {
            var table = TableConverter.ToTable(definition, [ObjectService.Present(definition, stored)], stored.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, null, IncludeObjectFrom(context.Request.Query), _time.GetUtcNow());
            return HttpResponses.WriteJsonAsync(context, statusCode, table, "application/json;as=Table;v=" + negotiated.Version + ";g=meta.k8s.io");
        }

        return definition.IsCustom
            ? HttpResponses.WriteJsonAsync(context, statusCode, ObjectService.Present(definition, stored))
            : HttpResponses.WriteBytesAsync(context, statusCode, stored.Json);
    }

    private Task WriteListAsync(HttpContext context, ResourceDefinition definition, IReadOnlyList<StoredObject> items, long resourceVersion, string? continueToken, long? remaining, Negotiated negotiated)
    {
        var rv = resourceVersion.ToString(CultureInfo.InvariantCulture);
        if (negotiated.Protobuf)
        {
            return ProtobufResponses.WriteListAsync(context, definition, items, rv, continueToken, remaining, negotiated);
        }

        if (negotiated.Representation == Representation.Table)
        {
            var table = TableConverter.ToTable(definition, items.Select(i => ObjectService.Present(definition, i)), rv, continueToken, remaining, IncludeObjectFrom(context.Request.Query), _time.GetUtcNow());
            return HttpResponses.WriteJsonAsync(context, 200, table, "application/json;as=Table;v=" + negotiated.Version + ";g=meta.k8s.io");
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", definition.ListKind);
            writer.WriteString("apiVersion", definition.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", rv);
            if (continueToken is not null)
            {
                writer.WriteString("continue", continueToken);
            }

            if (remaining is { } count)
            {
                writer.WriteNumber("remainingItemCount", count);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                if (definition.IsCustom)
                {
                    ObjectService.Present(definition, item).WriteTo(writer);
                }
                else
                {
                    writer.WriteRawValue(item.Json.Span, skipInputValidation: true);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return HttpResponses.WriteBytesAsync(context, 200, buffer.WrittenMemory);
    }
}
