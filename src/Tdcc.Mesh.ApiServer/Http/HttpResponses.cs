using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiServer.Errors;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>Writes JSON bodies and metav1.Status errors.</summary>
internal static class HttpResponses
{
    public static Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body, string contentType = MediaTypes.Json) =>
        WriteBytesAsync(context, statusCode, JsonDefaults.ToUtf8(body), contentType);

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body, string contentType = MediaTypes.Json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ProtobufResponses.Negotiated(context)
            ? ProtobufResponses.WriteAsync(context, error.Code, error.ToStatus())
            : WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>kube's 404 for paths it does not serve.</summary>
    public static Task WriteNotFoundPageAsync(HttpContext context) =>
        WriteJsonAsync(context, 404, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = "the server could not find the requested resource",
            ["reason"] = "NotFound",
            ["details"] = new JsonObject(),
            ["code"] = 404,
        });

    public static Task WriteTextAsync(HttpContext context, int statusCode, string text) =>
        WriteBytesAsync(context, statusCode, System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
}
