using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>The table <c>kubectl tdcc exports</c> prints; NAMESPACE only for <c>-A</c>.</summary>
internal static class ExportTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ExportSummary> exports, bool allNamespaces, DateTimeOffset now)
    {
        var headers = new List<string> { "NAME", "VALID", "READY", "CONFLICT", "AGE", "MESSAGE" };
        if (allNamespaces)
        {
            headers.Insert(0, "NAMESPACE");
        }

        var table = KubectlTable.Create([.. headers]);
        foreach (var export in exports)
        {
            var cells = new List<string?> { export.Name, export.Valid, export.Ready, export.Conflict, ClusterListTable.Age(export.Export.Metadata.CreationTimestamp, now), export.Message };
            if (allNamespaces)
            {
                cells.Insert(0, export.Namespace);
            }

            KubectlTable.AddRow(table, [.. cells]);
        }

        console.Write(table);
    }
}
