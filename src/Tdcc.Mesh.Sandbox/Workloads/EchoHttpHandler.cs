using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>Answers every HTTP request with the pod identity and what was asked, as JSON; <c>/healthz</c> with <c>ok</c>.</summary>
internal sealed class EchoHttpHandler(PodIdentity identity)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
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
