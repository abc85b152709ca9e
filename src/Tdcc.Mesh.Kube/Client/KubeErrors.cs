using System.Net;
using System.Text.Json;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Turns API error responses and <c>metav1.Status</c> bodies into <see cref="KubeApiException"/>.</summary>
internal static class KubeErrors
{
    private const int MaxMessageBody = 512;

    /// <summary>The exception for an error response, from its code, body and Retry-After header.</summary>
    public static KubeApiException FromResponse(int statusCode, string? body, TimeSpan? retryAfterHeader)
    {
        var status = TryParseStatus(body);
        if (status is not null)
        {
            return FromStatus(status, statusCode, retryAfterHeader);
        }

        var text = string.IsNullOrWhiteSpace(body) ? ((HttpStatusCode)statusCode).ToString() : Truncate(body.Trim());
        return new KubeApiException(ReasonOf(null, statusCode), statusCode, $"the server answered {statusCode}: {text}", null, retryAfterHeader);
    }

    /// <summary>The exception for a Status (an error response body, or an ERROR watch event).</summary>
    public static KubeApiException FromStatus(Status status, int fallbackCode, TimeSpan? retryAfterHeader = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var code = status.Code is > 0 ? status.Code.Value : fallbackCode;
        var retryAfter = retryAfterHeader
            ?? (status.Details?.RetryAfterSeconds is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null);
        var message = string.IsNullOrEmpty(status.Message) ? $"the server answered {code} {status.Reason}" : status.Message;
        return new KubeApiException(ReasonOf(status.Reason, code), code, message, status, retryAfter);
    }

    /// <summary>The reason from the Status reason string when it is known, otherwise from the code.</summary>
    public static KubeErrorReason ReasonOf(string? reason, int statusCode) => reason switch
    {
        "NotFound" => KubeErrorReason.NotFound,
        "AlreadyExists" => KubeErrorReason.AlreadyExists,
        "Conflict" => KubeErrorReason.Conflict,
        "Invalid" => KubeErrorReason.Invalid,
        "Forbidden" => KubeErrorReason.Forbidden,
        "Unauthorized" => KubeErrorReason.Unauthorized,
        "BadRequest" => KubeErrorReason.BadRequest,
        "MethodNotAllowed" => KubeErrorReason.MethodNotAllowed,
        "Expired" => KubeErrorReason.Expired,
        "Gone" => KubeErrorReason.Gone,
        "TooManyRequests" => KubeErrorReason.TooManyRequests,
        "InternalError" => KubeErrorReason.InternalError,
        "ServiceUnavailable" => KubeErrorReason.ServiceUnavailable,
        "Timeout" or "ServerTimeout" => KubeErrorReason.Timeout,
        "UnsupportedMediaType" => KubeErrorReason.UnsupportedMediaType,
        "NotAcceptable" => KubeErrorReason.NotAcceptable,
        "RequestEntityTooLarge" => KubeErrorReason.RequestEntityTooLarge,
        _ => ReasonOfCode(statusCode),
    };

    private static KubeErrorReason ReasonOfCode(int statusCode) => statusCode switch
    {
        400 => KubeErrorReason.BadRequest,
        401 => KubeErrorReason.Unauthorized,
        403 => KubeErrorReason.Forbidden,
        404 => KubeErrorReason.NotFound,
        405 => KubeErrorReason.MethodNotAllowed,
        406 => KubeErrorReason.NotAcceptable,
        409 => KubeErrorReason.Conflict,
        410 => KubeErrorReason.Gone,
        413 => KubeErrorReason.RequestEntityTooLarge,
        415 => KubeErrorReason.UnsupportedMediaType,
        422 => KubeErrorReason.Invalid,
        429 => KubeErrorReason.TooManyRequests,
        500 => KubeErrorReason.InternalError,
        503 => KubeErrorReason.ServiceUnavailable,
        504 => KubeErrorReason.Timeout,
        _ => KubeErrorReason.Unknown,
    };

    private static Status? TryParseStatus(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            var status = JsonSerializer.Deserialize(body, KubeJsonContext.Default.Status);
            return status is { Kind: "Status" } || status?.Reason is not null || status?.Code is not null ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= MaxMessageBody ? text : string.Concat(text.AsSpan(0, MaxMessageBody), "...");
}
