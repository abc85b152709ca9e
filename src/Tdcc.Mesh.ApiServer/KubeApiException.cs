using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer;

/// <summary>A Kubernetes API error from in-process store access: the HTTP code, kube's reason, and the metav1.Status.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(int code, string reason, string message, JsonObject? status = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Status = status ?? new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code };
    }

    public KubeApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public KubeApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
        Status = [];
    }

    /// <summary>The HTTP status code kube-apiserver would answer with (404, 409, 422, ...).</summary>
    public int Code { get; }

    /// <summary>kube's StatusReason: NotFound, AlreadyExists, Conflict, Invalid, ...</summary>
    public string Reason { get; }

    /// <summary>The full metav1.Status.</summary>
    public JsonObject Status { get; }
}
