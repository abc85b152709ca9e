using System.CommandLine;
using Spectre.Console;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary><c>tdcc sandbox</c>: the in-process clusterset.</summary>
internal static class SandboxCommand
{
    public static Command Create(IAnsiConsole? console = null) => new("sandbox", "Run a whole clusterset (hub + members) in one process.")
    {
        SandboxUpCommand.Create(console),
        SandboxStatusCommand.Create(console),
        SandboxExecCommand.Create(),
        SandboxFaultCommand.Create(),
        SandboxMemberCommand.Create("stop", "Stop one member as if its machines went away (API server, nodes, pods, mesh agents; state kept)."),
        SandboxMemberCommand.Create("start", "Start a stopped member again with the state it kept; it rejoins the mesh."),
        SandboxRepairCommand.Create(),
    };
}
