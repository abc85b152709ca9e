using System.CommandLine;
using Spectre.Console;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary><c>tdcc xds</c>: the clusterset's xDS control plane.</summary>
internal static class XdsCommand
{
    public static Command Create(IAnsiConsole? console = null) => new("xds", "Inspect and use the xDS control plane.")
    {
        XdsStatusCommand.Create(console),
        XdsBootstrapCommand.Create(console),
    };
}
