using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Protobuf;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>Reads request bodies (JSON or YAML) with kube's errors for bad input.</summary>
internal static class RequestBody
{
    /// <summary>The largest body accepted (kube's limit is 3 MiB for most requests).</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new ApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a body as JSON, or as YAML when <paramref name="yaml"/> is set or the content type says so.</summary>
    public static async Task<JsonNode?> ReadNodeAsync(HttpContext context, bool yaml = false)
    {
        var bytes = await ReadBytesAsync(context).ConfigureAwait(false);
        var contentType = context.Request.ContentType ?? MediaTypes.Json;
        if (contentType.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return DecodeProtobuf(bytes.Span);
        }

        var text = Encoding.UTF8.GetString(bytes.Span);

        if (yaml || contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return YamlToJson.Convert(text);
            }
            catch (YamlToJsonException e)
            {
                throw ApiException.BadRequest($"error converting YAML to JSON: {e.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"json: cannot unmarshal request body: {e.Message}");
        }
    }

    /// <summary>
    /// A protobuf body: the built-in kinds (<see cref="ProtoKinds"/>) are decoded to JSON and go on as a JSON body would;
    /// any other kind is 415, as from a server without that kind's protobuf codec; a field we do not know is 400.
    /// </summary>
    private static JsonObject DecodeProtobuf(ReadOnlySpan<byte> body)
    {
        try
        {
            return KubeProtobuf.Decode(body, out _, out _)
                ?? throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"the body of the request could not be decoded as protobuf: {e.Message}");
        }
    }

    /// <summary>
    /// The body as an object; 415 unless it is JSON, YAML or protobuf (no Content-Type means JSON, as for kube); 400 when
    /// it is missing, not an object, or its generic fields have the wrong types (<see cref="ObjectShape"/>).
    /// </summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, string kind)
    {
        RequireObjectMediaType(context);
        var node = await ReadNodeAsync(context).ConfigureAwait(false);
        var obj = node as JsonObject ?? throw ApiException.BadRequest("Object 'Kind' is missing in request body: expected a JSON object");
        ObjectShape.Check(obj, kind);
        return obj;
    }

    /// <summary>
    /// The body of a request that only creates one kind (<c>pods/eviction</c>, <c>serviceaccounts/token</c>, the access
    /// reviews): 405 for any method but POST, the body's errors as <see cref="ReadObjectAsync"/> answers them, and 400
    /// with kube's decoder message when the body names another kind (kube decodes it as that kind, then cannot convert
    /// it to the internal <paramref name="group"/> type). An absent or empty kind is <paramref name="kind"/>, as kube
    /// defaults it.
    /// </summary>
    public static async Task<JsonObject> ReadPostedAsync(HttpContext context, string group, string kind)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var body = await ReadObjectAsync(context, kind).ConfigureAwait(false);
        if ((string?)body["kind"] is { Length: > 0 } bodyKind && bodyKind != kind)
        {
            var apiVersion = (string?)body["apiVersion"] ?? "v1";
            var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
            var internalPackage = group.Split('.')[0];
            throw ApiException.BadRequest(
                $"{bodyKind} in version \"{version}\" cannot be handled as a {kind}: converting ({version}.{bodyKind}) to ({internalPackage}.{kind}): unknown conversion");
        }

        return body;
    }

    /// <summary>415 for a body that is not JSON, YAML or protobuf (<c>text/plain</c>, form bodies), with kube's message.</summary>
    public static void RequireObjectMediaType(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        if (!mediaType.Equals(MediaTypes.Json, StringComparison.OrdinalIgnoreCase)
            && !mediaType.Equals("application/yaml", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Equals("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }
    }
}
