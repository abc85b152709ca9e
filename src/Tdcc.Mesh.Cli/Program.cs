using System.CommandLine;
using System.Runtime.InteropServices;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;

namespace Tdcc.Mesh.Cli;

/// <summary>The <c>tdcc</c> entry point: parses the command line and runs the verb; Ctrl-C and SIGTERM cancel it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            // Let the running verb stop cleanly instead of the runtime ending the process.
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        // One console for every verb: no ANSI and no width limit when stdout is not a terminal; COLUMNS honoured.
        var console = TerminalConsole.ForStandardOutput();
        var root = new RootCommand("TDCC Mesh: multi-cluster service mesh tools.")
        {
            HubCommand.Create(),
            AgentCommand.Create(),
            GatewayCommand.Create(console),
            SandboxCommand.Create(console),
            XdsCommand.Create(console),
            ClustersCommand.Create(console),
            ExportsCommand.Create(console),
            ImportsCommand.Create(console),
            PlacementsCommand.Create(console),
            PoliciesCommand.Create(console),
            JoinCommand.Create(console),
            DiagnoseCommand.Create(console),
        };

        // Signals are handled above, so System.CommandLine does not install its own handler (which would end the process after a timeout).
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration, stop.Token).ConfigureAwait(false);
    }
}
