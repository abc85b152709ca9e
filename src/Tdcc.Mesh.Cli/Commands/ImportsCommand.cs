using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc imports [-n ns | -A] [--kubeconfig f] [--context member] [-o table|json|yaml]</c> (<c>kubectl tdcc
/// imports</c>): a member's ServiceImports: type, clusterset IPs, ports and the clusters that export each service.
/// </summary>
internal static class ImportsCommand
{
    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null) =>
        MemberListCommand.Create<ServiceImport, ImportSummary>(
            "imports",
            "List a member's ServiceImports: type, clusterset IPs, ports and exporting clusters.",
            "json and yaml: each import's type, IPs, ports, clusters and conditions",
            "ServiceImports",
            i => new ImportSummary(i),
            ImportTable.Write,
            console,
            time);
}
