using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>
/// Rejects a cluster with a NoSchedule or NoExecute taint the subscription does not tolerate (kube's node rules, applied
/// to clusters). NoSchedule keeps existing replicas; NoExecute moves them, at once or when the toleration's
/// <c>tolerationSeconds</c> since the taint's <c>timeAdded</c> have passed. PreferNoSchedule only lowers the score.
/// </summary>
public sealed class TaintTolerationFilter : IClusterFilter
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    public string Name => "TaintToleration";

    public RejectionEffect? Filter(ClusterFacts cluster, SchedulingRequest request) => Evaluate(cluster, request, explain: false, out _);

    public string Explain(ClusterFacts cluster, SchedulingRequest request)
    {
        Evaluate(cluster, request, explain: true, out var reason);
        return reason ?? string.Empty;
    }

    private static RejectionEffect? Evaluate(ClusterFacts cluster, SchedulingRequest request, bool explain, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        reason = null;
        Taint? kept = null;
        foreach (var taint in cluster.Taints)
        {
            if (taint.Effect is not (NoSchedule or NoExecute))
            {
                continue;
            }

            var toleration = FindToleration(taint, request.Tolerations);
            if (toleration is null)
            {
                if (taint.Effect == NoExecute)
                {
                    reason = explain ? $"cluster has taint {Describe(taint)} that the subscription does not tolerate" : null;
                    return RejectionEffect.EvictGracefully;
                }

                kept ??= taint;
            }
            else if (taint.Effect == NoExecute && toleration.TolerationSeconds is { } seconds && taint.TimeAdded is { } added
                && request.Now >= added.AddSeconds(Math.Max(0, seconds)))
            {
                reason = explain ? $"toleration of taint {Describe(taint)} expired after {seconds}s" : null;
                return RejectionEffect.EvictGracefully;
            }
        }

        if (kept is null)
        {
            return null;
        }

        reason = explain ? $"cluster has taint {Describe(kept)} that the subscription does not tolerate" : null;
        return RejectionEffect.KeepExisting;
    }

    /// <summary>Whether <paramref name="toleration"/> tolerates <paramref name="taint"/> (key, operator, value, effect as in kube).</summary>
    public static bool Tolerates(ClusterToleration toleration, Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            return toleration.Operator == "Exists";
        }

        if (toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.Operator switch
        {
            "Exists" => true,
            null or "" or "Equal" => (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty),
            _ => false,
        };
    }

    /// <summary><c>key=value:Effect</c>, or <c>key:Effect</c> without a value.</summary>
    public static string Describe(Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return string.IsNullOrEmpty(taint.Value) ? $"{taint.Key}:{taint.Effect}" : $"{taint.Key}={taint.Value}:{taint.Effect}";
    }

    private static ClusterToleration? FindToleration(Taint taint, System.Collections.Immutable.ImmutableArray<ClusterToleration> tolerations)
    {
        if (tolerations.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var toleration in tolerations)
        {
            if (Tolerates(toleration, taint))
            {
                return toleration;
            }
        }

        return null;
    }
}
