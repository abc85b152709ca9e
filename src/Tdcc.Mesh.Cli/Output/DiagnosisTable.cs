using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>The table <c>kubectl tdcc diagnose</c> prints: one row per check, then the verdict.</summary>
internal static class DiagnosisTable
{
    public static void Write(IAnsiConsole console, Diagnosis diagnosis)
    {
        var table = KubectlTable.Create("CHECK", "RESULT", "DETAIL");
        foreach (var check in diagnosis.Checks)
        {
            KubectlTable.AddRow(table, check.Check, check.ResultText, check.Detail);
        }

        console.Write(table);
        var color = diagnosis.Healthy ? "green" : "red";
        console.MarkupLine($"[{color}]{Markup.Escape(diagnosis.Verdict)}[/]");
    }
}
