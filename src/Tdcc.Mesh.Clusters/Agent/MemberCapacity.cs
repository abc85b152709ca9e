using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// What an agent reports of its member for workload scheduling: per-node allocatable and requested resources (the
/// requests of the non-terminated pods bound to each node, as kube-scheduler counts them: the sum of the containers'
/// requests, at least the largest init container's, plus the pod overhead; <c>pods</c> is the pod count), grouped by
/// equal values and bounded, and the group/versions the member serves.
/// </summary>
internal static class MemberCapacity
{
    /// <summary>The most node groups reported; a member with more distinct nodes reports only its totals.</summary>
    public const int MaxNodeGroups = 100;

    /// <summary>The most group/versions reported.</summary>
    public const int MaxApiVersions = 1000;

    /// <summary>Summed requests of <paramref name="pods"/> per node name (pods not bound or terminated are left out).</summary>
    public static Dictionary<string, ImmutableDictionary<string, string>> RequestsByNode(IEnumerable<Pod> pods)
    {
        var byNode = new Dictionary<string, List<IReadOnlyDictionary<string, string>?>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }

            if (!byNode.TryGetValue(pod.Spec.NodeName, out var list))
            {
                byNode[pod.Spec.NodeName] = list = [];
            }

            list.Add(PodRequests(pod.Spec));
        }

        return byNode.ToDictionary(p => p.Key, p => ResourceLists.Sum(p.Value), StringComparer.Ordinal);
    }

    /// <summary>One pod's effective requests, with <c>pods: 1</c>.</summary>
    public static ImmutableDictionary<string, string> PodRequests(PodSpec spec)
    {
        var sum = ResourceLists.Sum(spec.Containers.Select(c => c.Resources?.Requests));
        var totals = sum.ToDictionary(p => p.Key, p => Quantity.Parse(p.Value), StringComparer.Ordinal);
        foreach (var init in spec.InitContainers ?? [])
        {
            foreach (var (resource, text) in init.Resources?.Requests ?? ImmutableDictionary<string, string>.Empty)
            {
                if (Quantity.TryParse(text, out var quantity) && quantity > totals.GetValueOrDefault(resource))
                {
                    totals[resource] = quantity;
                }
            }
        }

        totals["pods"] = Quantity.FromInt64(1);
        return totals.ToImmutableDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>The nodes grouped by equal allocatable and requested resources, or null beyond <see cref="MaxNodeGroups"/> groups.</summary>
    public static ImmutableArray<NodeResourceGroup>? Group(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, ImmutableDictionary<string, string>> requests)
    {
        var groups = new Dictionary<string, NodeResourceGroup>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var allocatable = Pick(node.Status?.Allocatable);
            var requested = Pick(requests.GetValueOrDefault(node.Metadata.Name ?? string.Empty));
            var key = Key(allocatable) + "|" + Key(requested);
            if (groups.TryGetValue(key, out var group))
            {
                groups[key] = group with { Count = group.Count + 1 };
            }
            else if (groups.Count == MaxNodeGroups)
            {
                return null;
            }
            else
            {
                groups[key] = new NodeResourceGroup { Allocatable = allocatable, Requested = requested };
            }
        }

        return [.. groups.Values];
    }

    /// <summary>The group/versions of the member's discovery (<c>/api</c> and <c>/apis</c>), sorted, at most <see cref="MaxApiVersions"/>.</summary>
    public static async Task<ImmutableArray<string>> ServedVersionsAsync(IKubeClient member, CancellationToken cancellationToken)
    {
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        var core = JsonNode.Parse(await member.GetRawAsync("/api", cancellationToken).ConfigureAwait(false));
        foreach (var version in core?["versions"]?.AsArray() ?? [])
        {
            if (version?.GetValue<string>() is { } text)
            {
                versions.Add(text);
            }
        }

        var groups = JsonNode.Parse(await member.GetRawAsync("/apis", cancellationToken).ConfigureAwait(false));
        foreach (var group in groups?["groups"]?.AsArray() ?? [])
        {
            foreach (var version in group?["versions"]?.AsArray() ?? [])
            {
                if (version?["groupVersion"]?.GetValue<string>() is { } text)
                {
                    versions.Add(text);
                }
            }
        }

        return [.. versions.Take(MaxApiVersions)];
    }

    private static ImmutableDictionary<string, string> Pick(ImmutableDictionary<string, string>? resources)
    {
        var picked = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in (ReadOnlySpan<string>)["cpu", "memory", "pods"])
        {
            if (resources?.TryGetValue(name, out var value) == true)
            {
                picked[name] = value;
            }
        }

        return picked.ToImmutable();
    }

    private static string Key(ImmutableDictionary<string, string> resources) =>
        string.Join(',', resources.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
}
