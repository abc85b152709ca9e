namespace Tdcc.Mesh.Cli.Output;

/// <summary>What <c>--output</c> (<c>-o</c>) asks a command for: its table, or the same facts as JSON or YAML.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
