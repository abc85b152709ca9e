using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Import;

/// <summary>The winning export's <c>exportedLabels</c> and <c>exportedAnnotations</c>, as the hub records them on its ServiceImport.</summary>
internal sealed record ExportedMetadata(ImmutableDictionary<string, string> Labels, ImmutableDictionary<string, string> Annotations)
{
    /// <summary>Reads the hub ServiceImport's annotations; a missing or malformed one reads as empty.</summary>
    public static ExportedMetadata Read(ServiceImport hubImport) =>
        new(Parse(hubImport.Metadata.Annotations?.GetValueOrDefault(McsLabels.ExportedLabelsAnnotation)),
            Parse(hubImport.Metadata.Annotations?.GetValueOrDefault(McsLabels.ExportedAnnotationsAnnotation)));

    private static ImmutableDictionary<string, string> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(json, McsJsonContext.Default.ImmutableDictionaryStringString) ?? ImmutableDictionary<string, string>.Empty;
        }
        catch (JsonException)
        {
            // Written by the hub only; a hand-edited value must not stop the import.
            return ImmutableDictionary<string, string>.Empty;
        }
    }
}
