using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc exports [-n ns | -A] [--kubeconfig f] [--context member] [-o table|json|yaml]</c> (<c>kubectl tdcc
/// exports</c>): a member's ServiceExports with their Valid, Ready and Conflict conditions and what is wrong.
/// </summary>
internal static class ExportsCommand
{
    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null) =>
        MemberListCommand.Create<ServiceExport, ExportSummary>(
            "exports",
            "List a member's ServiceExports: valid, ready, in conflict, and why.",
            "json and yaml: each export's conditions and problems",
            "ServiceExports",
            e => new ExportSummary(e),
            ExportTable.Write,
            console,
            time);
}
