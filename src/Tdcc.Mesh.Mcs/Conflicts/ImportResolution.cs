using System.Collections.Immutable;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Conflicts;

/// <summary>The aggregate of every export of one namespace/name.</summary>
/// <param name="Spec">The ServiceImport spec (without IPs; each importing cluster allocates its own).</param>
/// <param name="Clusters">The exporting clusters, sorted.</param>
/// <param name="Verdicts">The Conflict verdict of each export, by cluster id.</param>
/// <param name="ExportedLabels">The winning export's <c>exportedLabels</c>, for the ServiceImport's labels.</param>
/// <param name="ExportedAnnotations">The winning export's <c>exportedAnnotations</c>, for the ServiceImport's annotations.</param>
public sealed record ImportResolution(
    ServiceImportSpec Spec,
    ImmutableArray<string> Clusters,
    ImmutableDictionary<string, ExportVerdict> Verdicts,
    ImmutableDictionary<string, string> ExportedLabels,
    ImmutableDictionary<string, string> ExportedAnnotations);
