namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>Settings of the hub's aggregation.</summary>
public sealed record McsHubOptions
{
    /// <summary>The hub namespace holding the aggregated ServiceImports (created at start).</summary>
    public string ImportsNamespace { get; init; } = Api.McsNames.DefaultImportsNamespace;

    /// <summary>Install the ExportedService and ServiceImport CRDs into the hub at start.</summary>
    public bool InstallCrds { get; init; } = true;

    /// <summary>
    /// Workers of the aggregation controller. A reconcile waits on a few API round trips and little CPU, so throughput
    /// is round-trip latency × workers (kube's own controllers run 5 to 10); the queue never gives one key to two.
    /// </summary>
    public int Workers { get; init; } = 8;
}
