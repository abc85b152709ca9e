using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// Answers every HTTP request with the pod identity and what was asked, as JSON; <c>/healthz</c> with <c>ok</c>. Each
/// answered request is one line of the container's access log (<c>kubectl logs</c>) when <paramref name="accessLog"/> is given.
/// </summary>
internal sealed class EchoHttpHandler(PodIdentity identity, ContainerLog? accessLog = null)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        accessLog?.Append("stdout", string.Create(
            CultureInfo.InvariantCulture,
            $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort} \"{request.Method} {request.Path}{request.QueryString} {request.Protocol}\" port {context.Connection.LocalPort} host {request.Host}"));
        if (request.Path == "/healthz")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        var reply = new EchoHttpReply(
            identity.Cluster,
            identity.Namespace,
            identity.Pod,
            identity.PodIP.ToString(),
            context.Connection.LocalPort,
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? string.Empty,
            request.Host.Value ?? string.Empty,
            request.Protocol,
            headers);
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-pod"] = identity.Pod;
        context.Response.Headers["x-cluster"] = identity.Cluster;
        context.Response.Headers["x-port"] = context.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        await JsonSerializer.SerializeAsync(context.Response.Body, reply, EchoJsonContext.Default.EchoHttpReply, context.RequestAborted)
            .ConfigureAwait(false);
    }
}
