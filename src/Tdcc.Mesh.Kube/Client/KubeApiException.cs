using System.Collections.Immutable;
using System.Net;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// The API server answered with an error. Switch on <see cref="Reason"/>; never match the message.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException()
        : this(KubeErrorReason.Unknown, 0, "Kubernetes API error")
    {
    }

    public KubeApiException(string message)
        : this(KubeErrorReason.Unknown, 0, message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Causes = [];
    }

    /// <summary>An error with a reason, code and message; <paramref name="status"/> is the server's body when it sent one.</summary>
    public KubeApiException(KubeErrorReason reason, int statusCode, string message, Status? status = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Reason = reason;
        StatusCode = statusCode;
        Status = status;
        RetryAfter = retryAfter;
        Causes = status?.Details?.Causes ?? [];
    }

    /// <summary>What went wrong, for callers to switch on.</summary>
    public KubeErrorReason Reason { get; }

    /// <summary>The HTTP status code (from the response, or from the Status body of a watch error event).</summary>
    public int StatusCode { get; }

    /// <summary>The status code as an enum value.</summary>
    public HttpStatusCode HttpStatusCode => (HttpStatusCode)StatusCode;

    /// <summary>The server's <c>metav1.Status</c>, when the body was one.</summary>
    public Status? Status { get; }

    /// <summary>How long the server asked to wait (Retry-After header or <c>details.retryAfterSeconds</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The field-level causes of an <see cref="KubeErrorReason.Invalid"/> error (empty otherwise).</summary>
    public ImmutableArray<StatusCause> Causes { get; }

    /// <summary>True for <see cref="KubeErrorReason.NotFound"/>.</summary>
    public bool IsNotFound => Reason == KubeErrorReason.NotFound;

    /// <summary>True for <see cref="KubeErrorReason.Conflict"/>.</summary>
    public bool IsConflict => Reason == KubeErrorReason.Conflict;

    /// <summary>True for <see cref="KubeErrorReason.Expired"/> and <see cref="KubeErrorReason.Gone"/>: the resourceVersion is too old; relist.</summary>
    public bool IsGone => Reason is KubeErrorReason.Expired or KubeErrorReason.Gone;
}
