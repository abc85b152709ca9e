using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Logs;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// <c>GET /api/v1/namespaces/{ns}/pods/{name}/log</c>: validates the pod and container as kube-apiserver does, then
/// streams the log from the registered <see cref="IPodLogSource"/> (kube's kubelet), with kube's messages when there is none.
/// </summary>
internal static class PodLogHandler
{
    public static async Task HandleAsync(HttpContext context, ObjectService objects, ResourceDefinition pods, string ns, string name, IPodLogSource? source)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var query = context.Request.Query;
        var follow = IsTrue(query["follow"]);
        var previous = IsTrue(query["previous"]);
        var timestamps = IsTrue(query["timestamps"]);
        var tailLines = NonNegative(query["tailLines"], "tailLines");
        var limitBytes = Positive(query["limitBytes"], "limitBytes");
        var pod = ObjectService.Present(pods, objects.Get(pods, ns, name));
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?["name"]).OfType<string>().ToList();
        var container = query["container"].ToString();
        if (container.Length == 0)
        {
            container = containers.Count switch
            {
                1 => containers[0],
                0 => throw ApiException.BadRequest($"a container name must be specified for pod {name}"),
                _ => throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]"),
            };
        }
        else if (!containers.Contains(container))
        {
            throw ApiException.BadRequest($"container {container} is not valid for pod {name}");
        }

        if (string.IsNullOrEmpty((string?)pod["spec"]?["nodeName"]))
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        var uid = (string?)pod["metadata"]?["uid"] ?? string.Empty;
        var log = source?.Open(new PodLogRequest(ns, name, uid, container, follow, previous, tailLines, timestamps, limitBytes));
        if (log is null)
        {
            throw ApiException.BadRequest(previous
                ? $"previous terminated container \"{container}\" in pod \"{name}\" not found"
                : $"container \"{container}\" in pod \"{name}\" is waiting to start: {WaitingReason(pod, container)}");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await log.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static string WaitingReason(JsonObject pod, string container)
    {
        var statuses = pod["status"]?["containerStatuses"] as JsonArray ?? [];
        var status = statuses.FirstOrDefault(s => (string?)s?["name"] == container);
        return (string?)status?["state"]?["waiting"]?["reason"] ?? "ContainerCreating";
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && (value[0] is "true" or "1" or "True");

    private static long? NonNegative(Microsoft.Extensions.Primitives.StringValues value, string field)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return null;
        }

        if (!long.TryParse(value[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            throw ApiException.BadRequest($"{field}: Invalid value: \"{value[0]}\": must be an integer");
        }

        // kube treats a negative tailLines as "all lines".
        return parsed < 0 ? null : parsed;
    }

    private static long? Positive(Microsoft.Extensions.Primitives.StringValues value, string field)
    {
        var parsed = NonNegative(value, field);
        if (parsed is 0)
        {
            throw ApiException.BadRequest($"PodLogOptions \"\" is invalid: {field}: Invalid value: 0: must be greater than 0");
        }

        return parsed;
    }
}
