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
    };
}
