namespace Tdcc.Mesh.Hosting.Processes;

/// <summary>
/// The .NET runtime settings <c>tdcc hub</c> and <c>tdcc agent</c> run with, for a small and steady working set
/// (docs/operator.md "Memory"). The runtime reads them from the environment only (not from runtimeconfig.json), so the
/// chart's Deployment and the image set them as environment variables; the operator bench starts its processes with
/// the same ones, and a chart test checks that the rendered Deployment carries exactly these.
/// </summary>
public static class RuntimeSettings
{
    /// <summary>The variables and their values.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        // W^X maps every page of generated code twice (a writable and an executable view of shared memory): about
        // 25 MiB of resident memory in an idle agent. An operator runs no untrusted code; the chart's pod is
        // read-only and non-root.
        new("DOTNET_EnableWriteXorExecute", "0"),

        // The workstation GC sizes generation 0 from the CPU's cache (tens of MiB on server CPUs) and lets it fill
        // before collecting; a 4 MiB budget keeps the heap near its live size at the cost of more, cheaper gen0
        // collections (a controller allocates little per event).
        new("DOTNET_GCgen0size", "0x400000"),
    ];
}
