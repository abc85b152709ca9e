using System.Collections.Immutable;

namespace Tdcc.Mesh.Distribution.Crds;

/// <summary>
/// The CRD manifests of the distribution kinds, embedded in this assembly (hub only): the hub installs them at start,
/// and <c>charts/tdcc-mesh/crds/</c> carries copies.
/// </summary>
public static class DistributionCrds
{
    /// <summary><c>subscriptions.apps.tdcc.io</c>.</summary>
    public const string Subscriptions = "subscriptions.apps.tdcc.io.yaml";

    /// <summary><c>localizations.apps.tdcc.io</c>.</summary>
    public const string Localizations = "localizations.apps.tdcc.io.yaml";

    /// <summary><c>globalizations.apps.tdcc.io</c>.</summary>
    public const string Globalizations = "globalizations.apps.tdcc.io.yaml";

    /// <summary><c>deliveries.apps.tdcc.io</c>: one Subscription's rendered manifests for one cluster.</summary>
    public const string Deliveries = "deliveries.apps.tdcc.io.yaml";

    /// <summary>What the hub needs.</summary>
    public static ImmutableArray<string> Hub { get; } = [Subscriptions, Localizations, Globalizations, Deliveries];

    /// <summary>The YAML text of an embedded manifest.</summary>
    public static string Read(string manifest)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        using var stream = typeof(DistributionCrds).Assembly.GetManifestResourceStream("Tdcc.Mesh.Distribution.Crds." + manifest)
            ?? throw new ArgumentException($"no embedded CRD manifest '{manifest}'", nameof(manifest));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
