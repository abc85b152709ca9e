namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>Limits of <see cref="YamlToJson"/> against abusive documents.</summary>
public sealed record YamlToJsonOptions
{
    /// <summary>The defaults: depth 64, 100,000 alias-expanded nodes and 3 MiB of alias-expanded text per document.</summary>
    public static YamlToJsonOptions Default { get; } = new();

    /// <summary>
    /// The deepest nesting of mappings and sequences, counting the root collection as 1 and including what aliases
    /// expand to. 64 is the depth <see cref="System.Text.Json.Nodes.JsonNode.Parse(string, System.Text.Json.Nodes.JsonNodeOptions?, System.Text.Json.JsonDocumentOptions)"/>
    /// accepts by default, so whatever converts can be parsed back from its JSON text.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// The most nodes that aliases (and merge keys through aliases) may add to one document once expanded. A
    /// "billion laughs" document exceeds it and is rejected before anything is expanded.
    /// </summary>
    public long MaxAliasExpansion { get; init; } = 100_000;

    /// <summary>
    /// The most characters that aliases may add to one document once expanded (3 MiB, the API server's request body
    /// limit): one long string repeated through many aliases is rejected while parsing, before anything is expanded.
    /// </summary>
    public long MaxAliasExpansionBytes { get; init; } = 3 * 1024 * 1024;
}
