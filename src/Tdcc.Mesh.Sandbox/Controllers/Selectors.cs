using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>Label selector matching for workload selectors (matchLabels + matchExpressions) and service selectors.</summary>
internal static class Selectors
{
    /// <summary>True when <paramref name="labels"/> satisfy <paramref name="selector"/>; a null or empty selector matches nothing, as for workloads.</summary>
    public static bool Matches(LabelSelector? selector, ImmutableDictionary<string, string>? labels)
    {
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Length ?? 0) == 0))
        {
            return false;
        }

        labels ??= ImmutableDictionary<string, string>.Empty;
        if (selector.MatchLabels is { } matchLabels && !Matches(matchLabels, labels))
        {
            return false;
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var value);
            var values = requirement.Values ?? [];
            var ok = requirement.Operator switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every pair of <paramref name="selector"/> is among <paramref name="labels"/> (a service selector).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return selector.Count == 0;
        }

        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
