using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Helm;
using Tdcc.Mesh.Distribution.Rendering;

namespace Tdcc.Mesh.Hub.Distribution;

/// <summary>
/// Renders a Subscription's Helm chart feeds for one cluster: the feed's values merged with the cluster's HelmValues
/// overrides (<see cref="HelmValuesMerger"/>), rendered by helm (<see cref="IChartRenderer"/>), and given a revision
/// that increments only when this cluster's rendered release (version or manifests) changes. A release that fails to
/// render keeps the cluster's previous revision (if any) in the delivery and is reported; the other releases and
/// feeds go on.
/// </summary>
internal sealed class ReleaseRenderer(IChartRenderer renderer)
{
    /// <summary>The chart feeds of <paramref name="subscription"/> (replicated to every chosen cluster).</summary>
    public static IEnumerable<Feed> ChartFeeds(Subscription subscription) =>
        (subscription.Spec?.Feeds ?? []).Where(f => f.HelmChart is not null);

    /// <summary>The release's name (default: the chart) and namespace (default: the Subscription's).</summary>
    public static (string Name, string Namespace) Identity(Subscription subscription, HelmChartFeed chart) =>
        (string.IsNullOrEmpty(chart.ReleaseName) ? chart.Chart ?? string.Empty : chart.ReleaseName,
         string.IsNullOrEmpty(chart.TargetNamespace) ? subscription.Metadata.Namespace ?? "default" : chart.TargetNamespace);

    /// <summary>What is wrong with a chart feed's spec, or null.</summary>
    public static string? Validate(HelmChartFeed chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (string.IsNullOrEmpty(chart.Repository) || string.IsNullOrEmpty(chart.Chart))
        {
            return "feed helmChart needs repository and chart";
        }

        return chart.Repository.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || chart.Repository.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || chart.Repository.StartsWith("oci://", StringComparison.OrdinalIgnoreCase)
                ? null
                : $"feed helmChart {chart.Chart}: repository {chart.Repository} is neither an http(s):// chart repository nor an oci:// reference";
    }

    /// <summary>
    /// The releases of one cluster and the failures (as <see cref="ReleaseStatus"/> entries with the cluster set);
    /// <paramref name="current"/> is the cluster's Delivery as it is (its releases give the previous revisions).
    /// </summary>
    public async Task<(ImmutableArray<DeliveryRelease> Releases, ImmutableArray<ReleaseStatus> Failures)> RenderAsync(
        Subscription subscription,
        string cluster,
        Func<Feed, IReadOnlyList<SourcedOverride>> overrides,
        Delivery? current,
        CancellationToken cancellationToken)
    {
        var releases = ImmutableArray.CreateBuilder<DeliveryRelease>();
        var failures = ImmutableArray.CreateBuilder<ReleaseStatus>();
        foreach (var feed in ChartFeeds(subscription))
        {
            var chart = feed.HelmChart!;
            var (name, ns) = Identity(subscription, chart);
            var previous = current?.Spec?.Releases?.FirstOrDefault(r => r.Name == name && r.Namespace == ns);
            try
            {
                var values = HelmValuesMerger.Merge(chart.Values, overrides(feed));
                var rendered = await renderer.RenderAsync(new ChartRequest(chart.Repository!, chart.Chart!, chart.Version, name, ns, values), cancellationToken).ConfigureAwait(false);
                var manifests = rendered.Manifests.Select(Element).ToImmutableArray();
                var unchanged = previous is not null && previous.Version == rendered.Version && previous.Chart == rendered.Chart && SameManifests(previous.Manifests, manifests);
                releases.Add(new DeliveryRelease
                {
                    Name = name,
                    Namespace = ns,
                    Chart = rendered.Chart,
                    Version = rendered.Version,
                    Revision = unchanged ? previous!.Revision : (previous?.Revision ?? 0) + 1,
                    Manifests = manifests,
                });
            }
            catch (Exception e) when (e is HelmException or OverrideException)
            {
                if (previous is not null)
                {
                    releases.Add(previous);
                }

                failures.Add(new ReleaseStatus
                {
                    Cluster = cluster,
                    Name = name,
                    Namespace = ns,
                    Chart = chart.Chart,
                    Version = previous?.Version,
                    Revision = previous?.Revision,
                    Status = ReleaseStates.Failed,
                    Message = e.Message,
                });
            }
        }

        return (releases.ToImmutable(), failures.ToImmutable());
    }

    /// <summary>
    /// The Subscription's view of one cluster's releases: the agent's status for the current revision when it
    /// reported it for the Delivery's current generation, else pending; render failures replace the entry.
    /// </summary>
    public static IEnumerable<ReleaseStatus> Statuses(string cluster, Delivery? delivery, IEnumerable<ReleaseStatus> failures)
    {
        var failed = failures.ToList();
        foreach (var release in delivery?.Spec?.Releases ?? [])
        {
            if (failed.Any(f => f.Name == release.Name && f.Namespace == release.Namespace))
            {
                continue;
            }

            var reported = delivery!.Status?.ObservedGeneration == delivery.Metadata.Generation
                ? delivery.Status?.Releases?.FirstOrDefault(r => r.Name == release.Name && r.Namespace == release.Namespace && r.Revision == release.Revision)
                : null;
            yield return new ReleaseStatus
            {
                Cluster = cluster,
                Name = release.Name,
                Namespace = release.Namespace,
                Chart = release.Chart,
                Version = release.Version,
                Revision = release.Revision,
                Status = reported?.Status ?? ReleaseStates.Pending,
                Message = reported?.Message,
            };
        }

        foreach (var failure in failed)
        {
            yield return failure;
        }
    }

    private static bool SameManifests(ImmutableArray<JsonElement>? previous, ImmutableArray<JsonElement> next) =>
        previous is { } old && old.Length == next.Length && old.Zip(next).All(p => JsonNode.DeepEquals(JsonNode.Parse(p.First.GetRawText()), JsonNode.Parse(p.Second.GetRawText())));

    private static JsonElement Element(JsonObject manifest)
    {
        using var document = JsonDocument.Parse(manifest.ToJsonString());
        return document.RootElement.Clone();
    }
}
