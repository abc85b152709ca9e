using System.CommandLine;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary><c>tdcc sandbox</c>: the in-process clusterset.</summary>
internal static class SandboxCommand
{
    public static Command Create() => new("sandbox", "Run a whole clusterset (hub + members) in one process.")
    {
        SandboxUpCommand.Create(),
        SandboxStatusCommand.Create(),
        SandboxRepairCommand.Create(),
    };
}
