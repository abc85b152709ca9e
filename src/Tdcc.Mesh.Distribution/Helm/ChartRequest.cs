using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>
/// One chart to render: where it comes from (an HTTP(S) repository serving <c>index.yaml</c>, or an <c>oci://</c>
/// reference of the chart's repository), which version (exact, a semver range, or null for the latest), the release's
/// name and namespace, and the values (already merged with the cluster's overrides).
/// </summary>
public sealed record ChartRequest(string Repository, string Chart, string? Version, string ReleaseName, string Namespace, JsonObject? Values)
{
    /// <summary>Whether <see cref="Repository"/> is an OCI registry reference.</summary>
    public bool IsOci => Repository.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Shown in messages: <c>chart@version from repository</c>.</summary>
    public override string ToString() => $"{Chart}{(Version is null ? string.Empty : "@" + Version)} from {Repository}";
}
