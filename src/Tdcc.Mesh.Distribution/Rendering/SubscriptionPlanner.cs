using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;
using ApiLabelSelector = Tdcc.Mesh.Kube.Model.LabelSelector;
using ParsedLabelSelector = Tdcc.Mesh.ApiMachinery.Selectors.LabelSelector;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>
/// From a Subscription, its feeds' templates and the clusters to a <see cref="DistributionPlan"/>: the scheduling
/// request(s) built from the spec and the previous status, the scheduler run (once for Replicate; once per divided feed
/// for Divide, all feeds going to the union of the chosen clusters), then each cluster's manifests rendered with its
/// share of replicas and its overrides. Pure: the caller reads the hub and writes the results.
/// </summary>
public static class SubscriptionPlanner
{
    /// <summary>At most this many filtered clusters are listed in the status.</summary>
    public const int MaxListedRejections = 50;

    /// <summary>Plans <paramref name="subscription"/>; <paramref name="overrides"/> gives the ordered overrides of a feed in a cluster.</summary>
    public static DistributionPlan Plan(
        Subscription subscription,
        IReadOnlyList<FeedTemplate> feeds,
        IReadOnlyList<ClusterFacts> clusters,
        Func<Feed, ClusterFacts, IReadOnlyList<SourcedOverride>> overrides,
        ClusterScheduler scheduler,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(scheduler);
        var spec = subscription.Spec ?? new SubscriptionSpec();
        var previous = subscription.Status;
        var divide = spec.SchedulingStrategy == SchedulingStrategies.Divide;
        var strategy = !divide ? PlacementStrategy.Replicate : spec.DivisionType == DivisionTypes.Dynamic ? PlacementStrategy.DivideDynamic : PlacementStrategy.DivideStatic;
        var baseRequest = new SchedulingRequest
        {
            Key = $"{subscription.Metadata.Namespace}/{subscription.Metadata.Name}",
            Strategy = strategy,
            Subscribers = [.. (spec.Subscribers ?? []).Select(Rule)],
            Tolerations = spec.ClusterTolerations ?? [],
            RequiredApiVersions = RequiredApiVersions(feeds),
            MinClusters = spec.MinClusters ?? 0,
            MaxClusters = spec.MaxClusters,
            Spread = [.. (spec.SpreadConstraints ?? []).Where(s => s.TopologyKey is not null).Select(s => new SpreadRule(s.TopologyKey!, s.MinGroups ?? 1, s.MaxGroups))],
            FailoverGracePeriod = TimeSpan.FromSeconds(spec.FailoverGracePeriodSeconds ?? 300),
            Now = now,
        };

        // One decision per divided feed (Divide), or one for all (Replicate, or nothing to divide).
        var divided = divide ? feeds.Where(f => ManifestRenderer.DesiredReplicas(f.Template) is not null).ToList() : [];
        var decisions = new List<(FeedTemplate? Feed, SchedulingResult Result)>();
        if (divided.Count == 0)
        {
            var request = baseRequest with { Strategy = PlacementStrategy.Replicate, Replicas = 1, Previous = Previous(previous, null) };
            decisions.Add((null, scheduler.Schedule(request, clusters)));
        }
        else
        {
            foreach (var feed in divided)
            {
                var request = baseRequest with
                {
                    Replicas = ManifestRenderer.DesiredReplicas(feed.Template) ?? 1,
                    PodRequest = PodRequest(feed.Template),
                    Previous = Previous(previous, feed.Key),
                };
                decisions.Add((feed, scheduler.Schedule(request, clusters)));
            }
        }

        var first = decisions[0].Result;
        var byCluster = new SortedDictionary<string, Dictionary<string, ClusterAssignment>>(StringComparer.Ordinal);
        foreach (var (feed, result) in decisions)
        {
            foreach (var assignment in result.Placement.Assignments)
            {
                if (!byCluster.TryGetValue(assignment.Cluster, out var shares))
                {
                    byCluster[assignment.Cluster] = shares = new Dictionary<string, ClusterAssignment>(StringComparer.Ordinal);
                }

                shares[feed?.Key ?? string.Empty] = assignment;
            }
        }

        var placements = byCluster.Select(pair => Decision(pair.Key, pair.Value, divided.Count > 0)).ToImmutableArray();
        var facts = clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var deliveries = byCluster
            .Select(pair => Render(pair.Key, pair.Value, feeds, divided.Count > 0, facts.GetValueOrDefault(pair.Key) ?? new ClusterFacts { Name = pair.Key }, overrides))
            .ToImmutableArray();

        var schedulable = decisions.All(d => d.Result.Schedulable);
        var rescheduling = decisions.Any(d => d.Result.Rescheduling);
        var message = schedulable
            ? rescheduling
                ? "replicas moved off a failed cluster; its copy stays until they are ready"
                : $"placed on {placements.Length} cluster(s)"
            : string.Join("; ", decisions.Where(d => !d.Result.Schedulable).Select(d => d.Feed is null ? d.Result.Message : $"{d.Feed.Key}: {d.Result.Message}"));
        var status = new SubscriptionStatus
        {
            ObservedGeneration = subscription.Metadata.Generation,
            Conditions =
            [
                new Condition
                {
                    Type = SubscriptionConditions.Scheduled,
                    Status = schedulable ? "True" : "False",
                    Reason = !schedulable ? SubscriptionConditions.Unschedulable : rescheduling ? SubscriptionConditions.Rescheduling : SubscriptionConditions.Placed,
                    Message = message,
                    ObservedGeneration = subscription.Metadata.Generation,
                    LastTransitionTime = now,
                },
            ],
            Placements = placements,
            BindingClusters = first.Placement.BindingClusters,
            FilteredClusters = [.. first.Rejections.Take(MaxListedRejections).Select(r => new ClusterRejectionStatus { Cluster = r.Cluster, Filter = r.Filter, Reason = r.Reason })],
            ClusterCount = placements.Length,
            Replicas = divided.Count > 0 ? placements.Where(p => p.Evicting != true).Sum(p => p.Replicas ?? 0) : null,
        };
        return new DistributionPlan(status, deliveries, first);
    }

    /// <summary>The previous placement of one divided feed (or of the whole subscription) from the status.</summary>
    private static Placement Previous(SubscriptionStatus? status, string? feedKey)
    {
        if (status?.Placements is not { } placements)
        {
            return Placement.Empty;
        }

        var assignments = placements
            .Where(p => p.Cluster is not null)
            .Select(p => new ClusterAssignment(p.Cluster!, feedKey is null ? p.Replicas ?? 1 : p.FeedReplicas?.GetValueOrDefault(feedKey) ?? 0)
            {
                Evicting = p.Evicting == true,
                EvictionStart = p.EvictionStartTime,
                ReadyReplicas = p.ReadyReplicas,
            })
            .OrderBy(a => a.Cluster, StringComparer.Ordinal)
            .ToImmutableArray();
        return new Placement(assignments, status.BindingClusters ?? []);
    }

    private static PlacementDecision Decision(string cluster, Dictionary<string, ClusterAssignment> shares, bool divided)
    {
        var evicting = shares.Values.All(a => a.Evicting);
        return new PlacementDecision
        {
            Cluster = cluster,
            Replicas = divided ? shares.Values.Sum(a => a.Replicas) : null,
            FeedReplicas = divided ? shares.ToImmutableDictionary(s => s.Key, s => s.Value.Replicas) : null,
            Evicting = evicting ? true : null,
            EvictionStartTime = evicting ? shares.Values.Min(a => a.EvictionStart) : null,
        };
    }

    private static ClusterDelivery Render(
        string cluster,
        Dictionary<string, ClusterAssignment> shares,
        IReadOnlyList<FeedTemplate> feeds,
        bool divided,
        ClusterFacts facts,
        Func<Feed, ClusterFacts, IReadOnlyList<SourcedOverride>> overrides)
    {
        try
        {
            // Helm chart feeds are rendered by the caller (helm runs outside this pure step): see HelmFeeds.
            var manifests = feeds
                .Where(f => f.Feed.HelmChart is null)
                .Select(f => ManifestRenderer.Render(
                    f.Template,
                    divided && ManifestRenderer.DesiredReplicas(f.Template) is not null ? shares.GetValueOrDefault(f.Key)?.Replicas ?? 0 : null,
                    overrides(f.Feed, facts)))
                .OrderBy(m => ManifestOrder.Rank(m["kind"]?.GetValue<string>()))
                .ToImmutableArray();
            return new ClusterDelivery(cluster, manifests, null);
        }
        catch (OverrideException e)
        {
            return new ClusterDelivery(cluster, [], e.Message);
        }
    }

    private static SubscriberRule Rule(Subscriber subscriber) => new()
    {
        ClusterNames = subscriber.ClusterNames is { } names ? [.. names] : null,
        Labels = Parse(subscriber.LabelSelector),
        Fields = [.. (subscriber.FieldSelector?.MatchExpressions ?? []).Select(e => new TopologyRequirement(e.Key, e.Operator != "NotIn", e.Values ?? []))],
        Weight = subscriber.Weight ?? 1,
    };

    /// <summary>A metav1 label selector, parsed (null or empty: everything).</summary>
    public static ParsedLabelSelector Parse(ApiLabelSelector? selector) =>
        selector is null ? ParsedLabelSelector.Everything : ParsedLabelSelector.FromLabelSelector(JsonSerializer.SerializeToNode(selector, KubeJsonContext.Default.LabelSelector));

    /// <summary>What one pod of the manifest's template requests: the sum of its containers' requests (kube's default 0 when unset), one pod slot.</summary>
    public static ResourceAmount PodRequest(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        long cpu = 0, memory = 0;
        if (manifest["spec"]?["template"]?["spec"]?["containers"] is JsonArray containers)
        {
            foreach (var requests in containers.Select(c => c?["resources"]?["requests"]).OfType<JsonObject>())
            {
                cpu += Quantity.TryParse(requests["cpu"]?.ToString(), out var c) ? c.MilliValue() : 0;
                memory += Quantity.TryParse(requests["memory"]?.ToString(), out var m) ? m.Value() : 0;
            }
        }

        return new ResourceAmount(cpu, memory, 1);
    }

    /// <summary>The group/versions the feeds need in a member, but those that a CustomResourceDefinition among the feeds brings itself.</summary>
    private static ImmutableArray<string> RequiredApiVersions(IReadOnlyList<FeedTemplate> feeds)
    {
        var brought = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feed in feeds.Where(f => f.Template["kind"]?.GetValue<string>() == "CustomResourceDefinition"))
        {
            if (feed.Template["spec"]?["group"]?.GetValue<string>() is { } group)
            {
                foreach (var version in feed.Template["spec"]?["versions"]?.AsArray() ?? [])
                {
                    if (version?["name"]?.GetValue<string>() is { } name)
                    {
                        brought.Add(group + "/" + name);
                    }
                }
            }
        }

        return [.. feeds.Select(f => f.Feed.ApiVersion).OfType<string>().Distinct(StringComparer.Ordinal).Where(v => !brought.Contains(v))];
    }
}
