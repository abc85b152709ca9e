using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Plugins;
using Tdcc.Mesh.Distribution.Scheduling.Steps;

namespace Tdcc.Mesh.Distribution.Scheduling;

/// <summary>
/// The scheduler: a pure function from (request, clusters) to a decision, in the steps of docs/distribution.md:
/// filter (the <see cref="IClusterFilter"/> plugins), classify the previous placement (kept, held, moved), score (the
/// <see cref="IClusterScorer"/> plugins), choose (<see cref="ClusterSelection"/>), divide (<see cref="Division"/>) and
/// evict gracefully. No I/O, no clock, no shared state: safe to call from many threads at once.
/// </summary>
public sealed class ClusterScheduler
{
    private readonly IClusterFilter[] _filters;
    private readonly IClusterScorer[] _scorers;
    private readonly int _maxReportedRejections;

    /// <summary>A scheduler with these plugins; a decision words at most <paramref name="maxReportedRejections"/> rejections and counts the rest.</summary>
    public ClusterScheduler(IEnumerable<IClusterFilter> filters, IEnumerable<IClusterScorer> scorers, int maxReportedRejections = 100)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(scorers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxReportedRejections);
        _filters = [.. filters];
        _scorers = [.. scorers];
        _maxReportedRejections = maxReportedRejections;
    }

    /// <summary>The default filters (subscribers, Ready, taints, API) in that order.</summary>
    public static IReadOnlyList<IClusterFilter> DefaultFilters { get; } =
        [new SubscriberFilter(), new ReadyFilter(), new TaintTolerationFilter(), new ApiAvailableFilter()];

    /// <summary>The default scorers: capacity (weight 2), balance (1), locality (1).</summary>
    public static IReadOnlyList<IClusterScorer> DefaultScorers { get; } = [new CapacityScorer(), new BalanceScorer(), new LocalityScorer()];

    /// <summary>A scheduler with <see cref="DefaultFilters"/> and <see cref="DefaultScorers"/>.</summary>
    public static ClusterScheduler CreateDefault() => new(DefaultFilters, DefaultScorers);

    /// <summary>Decides where <paramref name="request"/> goes among <paramref name="clusters"/>.</summary>
    public SchedulingResult Schedule(SchedulingRequest request, IReadOnlyList<ClusterFacts> clusters)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clusters);
        var previous = request.Previous;
        var active = new Dictionary<string, ClusterAssignment>(StringComparer.Ordinal);
        HashSet<string>? evicting = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in previous.Assignments.IsDefault ? [] : previous.Assignments)
        {
            if (!assignment.Evicting)
            {
                active[assignment.Cluster] = assignment;
            }
            else
            {
                (evicting ??= new HashSet<string>(StringComparer.Ordinal)).Add(assignment.Cluster);
            }
        }

        // 1. Filter, and classify the clusters holding replicas that fail a filter.
        var rejections = new RejectionLog(_maxReportedRejections);
        var tieSeed = TieBreak.Seed(request.Key);
        var candidates = new List<CandidateCluster>(clusters.Count);
        var held = new List<ClusterAssignment>();
        var evictNow = new List<ClusterAssignment>();
        foreach (var cluster in clusters)
        {
            if (evicting is not null && evicting.Contains(cluster.Name))
            {
                // An old copy is kept only while its cluster exists.
                seen.Add(cluster.Name);
            }

            RejectionEffect? effect = null;
            foreach (var filter in _filters)
            {
                if (filter.Filter(cluster, request) is { } rejected)
                {
                    if (rejections.Wants)
                    {
                        rejections.Add(new ClusterRejection(cluster.Name, filter.Name, filter.Explain(cluster, request), rejected));
                    }
                    else
                    {
                        rejections.Skip();
                    }

                    effect = effect is null || Severity(rejected) > Severity(effect.Value) ? rejected : effect;
                }
            }

            var existing = active.GetValueOrDefault(cluster.Name);
            if (effect is null)
            {
                candidates.Add(new CandidateCluster(
                    cluster,
                    CapacityEstimator.PodsThatFit(cluster, request.PodRequest),
                    existing?.Replicas ?? 0,
                    Weight(cluster, request),
                    TieBreak.Key(tieSeed, cluster.Name)));
            }
            else if (existing is not null)
            {
                var holds = effect switch
                {
                    RejectionEffect.KeepExisting => true,
                    RejectionEffect.EvictAfterGracePeriod => cluster.NotReadySince is not { } since || request.Now - since < request.FailoverGracePeriod,
                    _ => false,
                };
                if (holds)
                {
                    held.Add(existing);
                }
                else if (effect != RejectionEffect.Evict && existing.Replicas > 0)
                {
                    evictNow.Add(existing);
                }
            }
        }

        // 2. Score, when there is a choice to make (at most maxClusters, spread); otherwise every candidate is chosen.
        var choosing = request.MaxClusters is not null || !request.Spread.IsDefaultOrEmpty;
        if (choosing && candidates.Count > 0 && _scorers.Length > 0)
        {
            var context = new SchedulingContext(request, clusters);
            var scores = new double[candidates.Count];
            foreach (var scorer in _scorers)
            {
                scorer.Score(context, candidates, scores);
                for (var i = 0; i < candidates.Count; i++)
                {
                    candidates[i].Score += scorer.Weight * scores[i];
                }
            }
        }

        // 3. Choose the clusters.
        var (chosen, failure) = ClusterSelection.Choose(candidates, held.Count, request, rejections);
        var bound = chosen.Count + held.Count;
        if (failure is null && bound < request.MinClusters)
        {
            failure = string.Create(CultureInfo.InvariantCulture, $"{bound} {(bound == 1 ? "cluster fits" : "clusters fit")}, minClusters is {request.MinClusters}");
        }

        if (failure is null && bound == 0 && request.Replicas > 0)
        {
            failure = "no cluster passes the filters";
        }

        if (failure is not null)
        {
            // Nothing changes until the subscription can be met again: the previous placement stays.
            return new SchedulingResult(previous, rejections.Reported, Schedulable: false, failure) { UnreportedRejections = rejections.Unreported };
        }

        // 4. Divide (or replicate), in cluster-name order (inputs usually come sorted: then this is one pass).
        SortByName(chosen);
        var assignments = new List<ClusterAssignment>(bound + evictNow.Count);
        string? message = null;
        if (request.Strategy == PlacementStrategy.Replicate)
        {
            assignments.AddRange(held.Select(h => h with { Replicas = request.Replicas }));
            foreach (var candidate in chosen)
            {
                assignments.Add(WithReady(new ClusterAssignment(candidate.Facts.Name, request.Replicas), active));
            }
        }
        else
        {
            var binding = previous.BindingClusters.IsDefaultOrEmpty ? null : previous.BindingClusters.ToHashSet(StringComparer.Ordinal);
            var rebalance = binding is not null && chosen.Any(c => !binding.Contains(c.Facts.Name));
            var (replicas, shortfall) = Division.Divide(request, chosen, held.Sum(h => h.Replicas), rebalance);
            assignments.AddRange(held);
            for (var i = 0; i < chosen.Count; i++)
            {
                if (replicas[i] > 0)
                {
                    assignments.Add(WithReady(new ClusterAssignment(chosen[i].Facts.Name, (int)replicas[i]), active));
                }
            }

            if (shortfall > 0)
            {
                message = request.Strategy == PlacementStrategy.DivideDynamic
                    ? string.Create(CultureInfo.InvariantCulture, $"capacity for {request.Replicas - shortfall} of {request.Replicas} replicas")
                    : "no chosen cluster has a subscriber weight above 0";
            }
        }

        // 5. Graceful eviction: old copies stay until the replicas placed instead are ready.
        AddEvictions(request, assignments, evictNow, seen, active);

        if (held.Count > 0 || (assignments.Count > 0 && assignments[^1].Evicting))
        {
            assignments.Sort((a, b) => a.Evicting != b.Evicting ? a.Evicting.CompareTo(b.Evicting) : string.CompareOrdinal(a.Cluster, b.Cluster));
        }

        var names = ImmutableArray.CreateBuilder<string>(held.Count + chosen.Count);
        names.AddRange(held.Select(h => h.Cluster));
        foreach (var candidate in chosen)
        {
            names.Add(candidate.Facts.Name);
        }

        if (held.Count > 0)
        {
            names.Sort(StringComparer.Ordinal);
        }

        var bindingClusters = names.MoveToImmutable();
        return new SchedulingResult(new Placement([.. assignments], bindingClusters), rejections.Reported, message is null, message)
        {
            UnreportedRejections = rejections.Unreported,
        };
    }

    private static void SortByName(List<CandidateCluster> candidates)
    {
        for (var i = 1; i < candidates.Count; i++)
        {
            if (string.CompareOrdinal(candidates[i - 1].Facts.Name, candidates[i].Facts.Name) > 0)
            {
                candidates.Sort((a, b) => string.CompareOrdinal(a.Facts.Name, b.Facts.Name));
                return;
            }
        }
    }

    private static void AddEvictions(
        SchedulingRequest request, List<ClusterAssignment> assignments, List<ClusterAssignment> evictNow, HashSet<string> seen,
        Dictionary<string, ClusterAssignment> previousActive)
    {
        if (evictNow.Count == 0 && seen.Count == 0)
        {
            // No new eviction, and no old copy whose cluster still exists.
            return;
        }

        var placed = assignments.Select(a => a.Cluster).ToHashSet(StringComparer.Ordinal);
        foreach (var old in evictNow)
        {
            assignments.Add(new ClusterAssignment(old.Cluster, old.Replicas) { Evicting = true, EvictionStart = request.Now });
        }

        if (request.Previous.Assignments.IsDefaultOrEmpty)
        {
            return;
        }

        // A new copy is ready when the member reported at least its replicas ready (read from the previous status).
        var allReady = assignments.Where(a => !a.Evicting).All(a => (previousActive.GetValueOrDefault(a.Cluster)?.ReadyReplicas ?? 0) >= a.Replicas);
        foreach (var old in request.Previous.Assignments.Where(a => a.Evicting))
        {
            var expired = old.EvictionStart is { } start && request.Now - start >= request.EvictionTimeout;
            if (placed.Contains(old.Cluster) || !seen.Contains(old.Cluster) || expired || allReady)
            {
                continue;
            }

            assignments.Add(old);
        }
    }

    private static ClusterAssignment WithReady(ClusterAssignment assignment, Dictionary<string, ClusterAssignment> previousActive) =>
        previousActive.TryGetValue(assignment.Cluster, out var old) ? assignment with { ReadyReplicas = old.ReadyReplicas } : assignment;

    private static int Weight(ClusterFacts cluster, SchedulingRequest request)
    {
        if (request.Strategy != PlacementStrategy.DivideStatic)
        {
            return 0;
        }

        var weight = 0;
        foreach (var subscriber in request.Subscribers)
        {
            if (subscriber.Matches(cluster))
            {
                weight += Math.Max(0, subscriber.Weight);
            }
        }

        return weight;
    }

    private static int Severity(RejectionEffect effect) => effect switch
    {
        RejectionEffect.KeepExisting => 0,
        RejectionEffect.EvictAfterGracePeriod => 1,
        RejectionEffect.EvictGracefully => 2,
        _ => 3,
    };
}
