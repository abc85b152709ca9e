using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube's revision bookkeeping of Deployments and their ReplicaSets (the facts of <c>deploymentutil</c>): the
/// <c>deployment.kubernetes.io/revision</c> annotation, the revision history of a ReplicaSet that became new again
/// (rollback), and the Deployment's own annotations (such as <c>kubernetes.io/change-cause</c>) copied to its new
/// ReplicaSet, except the ones kube skips.
/// </summary>
internal static class DeploymentRevisions
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    /// <summary>kube's bound of the revision-history annotation, in characters (the oldest revisions are dropped first).</summary>
    public const int MaxHistoryChars = 2000;

    /// <summary>Deployment annotations never copied to a ReplicaSet (kube's <c>annotationsToSkip</c>; kubectl's rollback skips the same).</summary>
    private static readonly ImmutableHashSet<string> Skipped = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        RevisionHistoryAnnotation,
        DesiredReplicasAnnotation,
        MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to");

    /// <summary>The revision a ReplicaSet (or Deployment) carries; 0 without one.</summary>
    public static long Of(IKubeObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var text) == true
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;
    }

    /// <summary>
    /// The annotations the deployment's new ReplicaSet should have: the deployment's (minus the skipped ones), the
    /// revision raised to <paramref name="newRevision"/> if it is lower (remembering the old one in the revision
    /// history), and the desired/max replica counts.
    /// </summary>
    public static ImmutableDictionary<string, string> ForNewReplicaSet(Deployment deployment, ImmutableDictionary<string, string>? current, long newRevision, int maxSurge)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var annotations = current ?? ImmutableDictionary<string, string>.Empty;
        foreach (var (key, value) in deployment.Metadata.Annotations ?? ImmutableDictionary<string, string>.Empty)
        {
            if (!Skipped.Contains(key) && (!annotations.TryGetValue(key, out var existing) || existing != value))
            {
                annotations = annotations.SetItem(key, value);
            }
        }

        var hadRevision = annotations.TryGetValue(RevisionAnnotation, out var oldText);
        var oldRevision = hadRevision && long.TryParse(oldText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        if (oldRevision < newRevision)
        {
            annotations = annotations.SetItem(RevisionAnnotation, newRevision.ToString(CultureInfo.InvariantCulture));
            if (hadRevision && !string.IsNullOrEmpty(oldText))
            {
                annotations = annotations.SetItem(RevisionHistoryAnnotation, AppendHistory(annotations.GetValueOrDefault(RevisionHistoryAnnotation), oldText));
            }
        }

        var replicas = deployment.Spec?.Replicas ?? 1;
        return annotations
            .SetItem(DesiredReplicasAnnotation, replicas.ToString(CultureInfo.InvariantCulture))
            .SetItem(MaxReplicasAnnotation, (replicas + maxSurge).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Whether two annotation maps hold the same entries.</summary>
    public static bool Same(ImmutableDictionary<string, string>? a, ImmutableDictionary<string, string>? b)
    {
        a ??= ImmutableDictionary<string, string>.Empty;
        b ??= ImmutableDictionary<string, string>.Empty;
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    /// <summary>The history with <paramref name="revision"/> appended, the oldest entries dropped to stay within <see cref="MaxHistoryChars"/>.</summary>
    internal static string AppendHistory(string? history, string revision)
    {
        if (string.IsNullOrEmpty(history))
        {
            return revision;
        }

        var entries = history.Split(',').ToList();
        entries.Add(revision);
        while (entries.Count > 1 && string.Join(',', entries).Length > MaxHistoryChars)
        {
            entries.RemoveAt(0);
        }

        return string.Join(',', entries);
    }
}
