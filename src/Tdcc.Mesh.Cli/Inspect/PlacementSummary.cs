using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>One Subscription as <c>kubectl tdcc placements</c> shows it: its strategy and its placements.</summary>
internal sealed record PlacementSummary(Subscription Subscription) : INamespacedSummary
{
    public string Namespace => Subscription.Metadata.Namespace ?? string.Empty;

    public string Name => Subscription.Metadata.Name ?? string.Empty;

    /// <summary><c>Replicate</c>, <c>Divide/Static</c> or <c>Divide/Dynamic</c>.</summary>
    public string Strategy => Subscription.Spec?.SchedulingStrategy == SchedulingStrategies.Divide
        ? $"{SchedulingStrategies.Divide}/{Subscription.Spec.DivisionType ?? DivisionTypes.Static}"
        : SchedulingStrategies.Replicate;

    public IReadOnlyList<PlacementDecision> Placements => Subscription.Status?.Placements is { } placements ? placements : [];

    /// <summary>Helm chart feeds: each release in each cluster.</summary>
    public IReadOnlyList<ReleaseStatus> Releases => Subscription.Status?.Releases is { } releases ? releases : [];

    /// <summary>A release as the table shows it: <c>name@version rN status</c>.</summary>
    public static string ReleaseCell(ReleaseStatus release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return $"{release.Name}@{release.Version ?? "?"} r{release.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {release.Status}";
    }

    public JsonObject ToJson() => new()
    {
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["strategy"] = Strategy,
        ["replicas"] = Subscription.Status?.Replicas,
        ["placements"] = new JsonArray([.. Placements.Select(p => (JsonNode)new JsonObject
        {
            ["cluster"] = p.Cluster,
            ["replicas"] = p.Replicas,
            ["readyReplicas"] = p.ReadyReplicas,
            ["evicting"] = p.Evicting == true,
        })]),
        ["releases"] = new JsonArray([.. Releases.Select(r => (JsonNode)new JsonObject
        {
            ["cluster"] = r.Cluster,
            ["name"] = r.Name,
            ["namespace"] = r.Namespace,
            ["chart"] = r.Chart,
            ["version"] = r.Version,
            ["revision"] = r.Revision,
            ["status"] = r.Status,
            ["message"] = r.Message,
        })]),
        ["filteredClusters"] = new JsonArray([.. (Subscription.Status?.FilteredClusters ?? []).Select(f => (JsonNode)new JsonObject { ["cluster"] = f.Cluster, ["filter"] = f.Filter, ["reason"] = f.Reason })]),
        ["creationTimestamp"] = Subscription.Metadata.CreationTimestamp,
        ["conditions"] = Conditions.ToJson(Subscription.Status?.Conditions),
    };
}
