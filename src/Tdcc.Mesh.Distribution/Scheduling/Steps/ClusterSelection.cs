using System.Globalization;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Plugins;

namespace Tdcc.Mesh.Distribution.Scheduling.Steps;

/// <summary>
/// Chooses among the feasible clusters: clusters already holding replicas first (a decision does not move work without
/// need), then by score, then by tie key. Spread rules drop clusters without the topology value, keep the first
/// <c>maxGroups</c> groups, and pick the best cluster of each of the first <c>minGroups</c> groups before filling up to
/// <c>maxClusters</c> (held clusters count towards it).
/// </summary>
public static class ClusterSelection
{
    /// <summary>The filter name of the rejections this step adds.</summary>
    public const string Name = "Spread";

    /// <summary>The chosen clusters in preference order, or a message saying why the rules cannot be met.</summary>
    public static (List<CandidateCluster> Chosen, string? Failure) Choose(
        List<CandidateCluster> candidates, int heldCount, SchedulingRequest request, RejectionLog rejections)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rejections);
        var limit = request.MaxClusters is { } max ? Math.Max(0, max - heldCount) : int.MaxValue;
        if (request.Spread.IsDefaultOrEmpty && limit >= candidates.Count)
        {
            // No choice to make: every candidate (the order does not matter, the placement is sorted by name).
            return (candidates, null);
        }

        candidates.Sort(Compare);
        var ordered = candidates;
        if (request.Spread.IsDefaultOrEmpty)
        {
            return (limit >= ordered.Count ? ordered : ordered.GetRange(0, limit), null);
        }

        foreach (var rule in request.Spread)
        {
            var kept = new List<CandidateCluster>(ordered.Count);
            var groups = new List<string>();
            foreach (var candidate in ordered)
            {
                var value = candidate.Facts.Topology(rule.TopologyKey);
                if (value is null)
                {
                    if (rejections.Wants)
                    {
                        rejections.Add(new ClusterRejection(
                            candidate.Facts.Name, Name, $"cluster has no {rule.TopologyKey} (the subscription spreads over {rule.TopologyKey})", RejectionEffect.Evict));
                    }
                    else
                    {
                        rejections.Skip();
                    }

                    continue;
                }

                if (!groups.Contains(value))
                {
                    if (rule.MaxGroups is { } maxGroups && groups.Count >= maxGroups)
                    {
                        continue;
                    }

                    groups.Add(value);
                }

                kept.Add(candidate);
            }

            if (groups.Count < rule.MinGroups)
            {
                return ([], string.Create(CultureInfo.InvariantCulture, $"the feasible clusters span {groups.Count} {Plural(rule.TopologyKey, groups.Count)}, the subscription needs at least {rule.MinGroups}"));
            }

            ordered = kept;
        }

        var first = request.Spread[0];
        if (limit < first.MinGroups)
        {
            return ([], string.Create(CultureInfo.InvariantCulture, $"maxClusters {request.MaxClusters} cannot span {first.MinGroups} {Plural(first.TopologyKey, first.MinGroups)}"));
        }

        // One from each of the first minGroups groups, then the best of the rest.
        var chosen = new List<CandidateCluster>(Math.Min(limit, ordered.Count));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in ordered)
        {
            if (seen.Count >= first.MinGroups)
            {
                break;
            }

            if (seen.Add(candidate.Facts.Topology(first.TopologyKey)!))
            {
                chosen.Add(candidate);
            }
        }

        foreach (var candidate in ordered)
        {
            if (chosen.Count >= limit)
            {
                break;
            }

            if (!chosen.Contains(candidate))
            {
                chosen.Add(candidate);
            }
        }

        chosen.Sort(Compare);
        foreach (var rule in request.Spread.Skip(1))
        {
            var spanned = chosen.Select(c => c.Facts.Topology(rule.TopologyKey)).Distinct(StringComparer.Ordinal).Count();
            if (spanned < rule.MinGroups)
            {
                return ([], string.Create(CultureInfo.InvariantCulture, $"the chosen clusters span {spanned} {Plural(rule.TopologyKey, spanned)}, the subscription needs at least {rule.MinGroups}"));
            }
        }

        return (chosen, null);
    }

    /// <summary>The preference order: holding replicas, then higher score, then lower tie key, then name.</summary>
    public static int Compare(CandidateCluster? x, CandidateCluster? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byHolding = (y.ExistingReplicas > 0).CompareTo(x.ExistingReplicas > 0);
        if (byHolding != 0)
        {
            return byHolding;
        }

        var byScore = y.Score.CompareTo(x.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byKey = x.TieKey.CompareTo(y.TieKey);
        return byKey != 0 ? byKey : string.CompareOrdinal(x.Facts.Name, y.Facts.Name);
    }

    private static string Plural(string key, int count) => count == 1 ? key : key == "region" ? "regions" : key + "s";
}
