using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>The table <c>kubectl tdcc imports</c> prints; NAMESPACE only for <c>-A</c>.</summary>
internal static class ImportTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ImportSummary> imports, bool allNamespaces, DateTimeOffset now)
    {
        var headers = new List<string> { "NAME", "TYPE", "IP", "PORTS", "CLUSTERS", "AGE" };
        if (allNamespaces)
        {
            headers.Insert(0, "NAMESPACE");
        }

        var table = KubectlTable.Create([.. headers]);
        foreach (var import in imports)
        {
            var cells = new List<string?>
            {
                import.Name,
                import.Type,
                string.Join(',', import.Ips),
                string.Join(',', import.Ports),
                string.Join(',', import.Clusters),
                ClusterListTable.Age(import.Import.Metadata.CreationTimestamp, now),
            };
            if (allNamespaces)
            {
                cells.Insert(0, import.Namespace);
            }

            KubectlTable.AddRow(table, [.. cells]);
        }

        console.Write(table);
    }
}
