namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>
/// Suites that scrape the process-wide meters run alone, so instruments of hosts started by other suites
/// (same meter name, other meter instances) do not show up in their scrapes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsSuites
{
    public const string Name = "Process-wide metrics";
}
