using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Http;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Metrics;

/// <summary>
/// <c>metrics.k8s.io/v1beta1</c> as metrics-server serves it: NodeMetrics and PodMetrics (get and list, label and field
/// selectors on the pods), read from an <see cref="IPodMetricsSource"/> for the running pods in the store. A node's
/// usage is the sum of its pods' plus the node's own share (<see cref="NodeOverheadCpuNanoCores"/>,
/// <see cref="NodeOverheadMemoryBytes"/>: the system daemons a real node runs).
/// </summary>
internal static class MetricsApi
{
    public const string Group = "metrics.k8s.io";

    public const long NodeOverheadCpuNanoCores = 80_000_000;

    public const long NodeOverheadMemoryBytes = 384L * 1024 * 1024;

    /// <summary>The two resources, get and list only (metrics-server's verbs).</summary>
    public static readonly ImmutableArray<ResourceDefinition> Definitions =
    [
        new ResourceDefinition { Group = Group, Version = "v1beta1", Resource = "nodes", Singular = "nodemetrics", Kind = "NodeMetrics", Namespaced = false, Verbs = ["get", "list"], Storage = false },
        new ResourceDefinition { Group = Group, Version = "v1beta1", Resource = "pods", Singular = "podmetrics", Kind = "PodMetrics", Namespaced = true, Verbs = ["get", "list"], Storage = false },
    ];

    public static Task HandleAsync(HttpContext context, ObjectService objects, ResourceRequest request, IPodMetricsSource source, DateTimeOffset now)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || request.Subresource is not null || ResourceHandler.IsTrue(context.Request.Query["watch"]))
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var registry = objects.Resources;
        var pods = registry.Find(string.Empty, "v1", "pods")!;
        var window = ProtoGoDuration(source.Window);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (request.Resource == "pods")
        {
            var options = request.Name is null ? ResourceHandler.ListOptionsFrom(context.Request.Query) : ListOptions.Everything;
            var selected = request.Name is null
                ? objects.List(pods, request.Namespace, options with { Limit = 0, Continue = null }).Items
                : objects.Store.Get(pods.QualifiedResource, request.Namespace ?? string.Empty, request.Name) is { } one ? [one] : [];
            var items = selected.Select(p => PodMetrics(p.ToJson(), source, timestamp, window)).OfType<JsonObject>().ToList();
            if (request.Name is not null)
            {
                return items.Count == 0
                    ? throw new ApiException(404, "NotFound", $"podmetrics.metrics.k8s.io \"{request.Namespace}/{request.Name}\" not found", request.Name, Group, "pods")
                    : HttpResponses.WriteJsonAsync(context, 200, items[0]);
            }

            return HttpResponses.WriteJsonAsync(context, 200, List("PodMetricsList", items));
        }

        var nodesDefinition = registry.Find(string.Empty, "v1", "nodes")!;
        var nodeOptions = request.Name is null ? ResourceHandler.ListOptionsFrom(context.Request.Query) : ListOptions.Everything;
        var nodes = request.Name is null
            ? objects.List(nodesDefinition, null, nodeOptions with { Limit = 0, Continue = null }).Items
            : objects.Store.Get(nodesDefinition.QualifiedResource, string.Empty, request.Name) is { } node ? [node] : [];
        if (request.Name is not null && nodes.Count == 0)
        {
            throw new ApiException(404, "NotFound", $"nodemetrics.metrics.k8s.io \"{request.Name}\" not found", request.Name, Group, "nodes");
        }

        var byNode = new Dictionary<string, (long Cpu, long Memory)>(StringComparer.Ordinal);
        foreach (var pod in objects.List(pods, null, ListOptions.Everything).Items.Select(p => p.ToJson()))
        {
            if ((string?)pod["spec"]?["nodeName"] is not { Length: > 0 } nodeName || Usage(pod, source) is not { } usage)
            {
                continue;
            }

            var sum = byNode.GetValueOrDefault(nodeName);
            byNode[nodeName] = (sum.Cpu + usage.Sum(u => u.CpuNanoCores), sum.Memory + usage.Sum(u => u.MemoryBytes));
        }

        var nodeItems = nodes.Select(n => n.ToJson()).Select(n =>
        {
            var name = (string?)n["metadata"]?["name"] ?? string.Empty;
            var used = byNode.GetValueOrDefault(name);
            return new JsonObject
            {
                ["kind"] = "NodeMetrics",
                ["apiVersion"] = Group + "/v1beta1",
                ["metadata"] = Metadata(n, null, timestamp),
                ["timestamp"] = timestamp,
                ["window"] = window,
                ["usage"] = UsageObject(used.Cpu + NodeOverheadCpuNanoCores, used.Memory + NodeOverheadMemoryBytes),
            };
        }).ToList();
        return request.Name is not null
            ? HttpResponses.WriteJsonAsync(context, 200, nodeItems[0])
            : HttpResponses.WriteJsonAsync(context, 200, List("NodeMetricsList", nodeItems));
    }

    /// <summary>CPU as metrics-server prints it: nanocores in the shortest exact form (<c>1500000n</c>, <c>2m</c>, <c>1</c>).</summary>
    public static string FormatCpu(long nanoCores) =>
        nanoCores % 1_000_000_000 == 0 ? (nanoCores / 1_000_000_000).ToString(CultureInfo.InvariantCulture)
        : nanoCores % 1_000_000 == 0 ? (nanoCores / 1_000_000).ToString(CultureInfo.InvariantCulture) + "m"
        : nanoCores % 1_000 == 0 ? (nanoCores / 1_000).ToString(CultureInfo.InvariantCulture) + "u"
        : nanoCores.ToString(CultureInfo.InvariantCulture) + "n";

    /// <summary>Memory as a binary-SI quantity: the largest exact suffix (<c>12345Ki</c>, <c>64Mi</c>), else bytes.</summary>
    public static string FormatMemory(long bytes)
    {
        string[] suffixes = ["Ki", "Mi", "Gi", "Ti"];
        var (value, suffix) = (bytes, string.Empty);
        foreach (var next in suffixes)
        {
            if (value == 0 || value % 1024 != 0)
            {
                break;
            }

            (value, suffix) = (value / 1024, next);
        }

        return value.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static JsonObject? PodMetrics(JsonObject pod, IPodMetricsSource source, string timestamp, string window)
    {
        if (Usage(pod, source) is not { } usage)
        {
            return null;
        }

        return new JsonObject
        {
            ["kind"] = "PodMetrics",
            ["apiVersion"] = Group + "/v1beta1",
            ["metadata"] = Metadata(pod, (string?)pod["metadata"]?["namespace"], timestamp),
            ["timestamp"] = timestamp,
            ["window"] = window,
            ["containers"] = new JsonArray([.. usage.Select(u => (JsonNode)new JsonObject { ["name"] = u.Name, ["usage"] = UsageObject(u.CpuNanoCores, u.MemoryBytes) })]),
        };
    }

    /// <summary>The usage of a running pod, or null (not running, or unknown to the source).</summary>
    private static IReadOnlyList<ContainerUsage>? Usage(JsonObject pod, IPodMetricsSource source)
    {
        if ((string?)pod["status"]?["phase"] != "Running")
        {
            return null;
        }

        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => new ContainerRequest(
                (string?)c["name"] ?? string.Empty,
                QuantityOf(c["resources"]?["requests"]?["cpu"], milli: true),
                QuantityOf(c["resources"]?["requests"]?["memory"], milli: false)))
            .ToList();
        var request = new PodMetricsRequest(
            (string?)pod["metadata"]?["namespace"] ?? string.Empty,
            (string?)pod["metadata"]?["name"] ?? string.Empty,
            (string?)pod["metadata"]?["uid"] ?? string.Empty,
            containers);
        return source.Usage(request);
    }

    private static long QuantityOf(JsonNode? node, bool milli)
    {
        var text = node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.ToJsonString() : (string?)node;
        return Quantity.TryParse(text, out var quantity) ? (milli ? quantity.MilliValue() : quantity.Value()) : 0;
    }

    private static JsonObject Metadata(JsonObject source, string? ns, string timestamp)
    {
        var metadata = new JsonObject { ["name"] = (string?)source["metadata"]?["name"] };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        metadata["creationTimestamp"] = timestamp;
        if (source["metadata"]?["labels"] is JsonObject labels)
        {
            metadata["labels"] = labels.DeepClone();
        }

        return metadata;
    }

    private static JsonObject UsageObject(long cpuNanoCores, long memoryBytes) => new()
    {
        ["cpu"] = FormatCpu(cpuNanoCores),
        ["memory"] = FormatMemory(memoryBytes),
    };

    private static JsonObject List(string kind, List<JsonObject> items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = Group + "/v1beta1",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. items]),
    };

    private static string ProtoGoDuration(TimeSpan window) => Protobuf.ProtoJson.GoDuration(window.Ticks * 100);
}
