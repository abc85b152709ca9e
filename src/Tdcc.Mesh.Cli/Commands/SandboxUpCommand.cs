using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tdcc.Mesh.ApiServer.Storage;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Mesh;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc sandbox up [--clusters N] [--dir .sandbox] [--demo] [--fresh]</c>: starts the hub and N members in the
/// foreground, prints a summary, and on Ctrl-C or SIGTERM stops cleanly (workloads stopped, state flushed,
/// endpoints.json removed).
/// </summary>
internal static class SandboxUpCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var clusters = new Option<int>("--clusters", "-n") { Description = "Member clusters besides the hub", DefaultValueFactory = _ => 3 };
        clusters.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 0 || value > AddressPlan.MaxMembers)
            {
                result.AddError($"--clusters must be between 0 and {AddressPlan.MaxMembers}");
            }
        });
        var dir = new Option<string>("--dir") { Description = "State directory (per-cluster data, kubeconfig, endpoints.json)", DefaultValueFactory = _ => ".sandbox" };
        var demo = new Option<bool>("--demo") { Description = "Deploy demo/echo (Deployment + Service) in every member" };
        var fresh = new Option<bool>("--fresh") { Description = "Delete the previous state first" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log what the clusters do" };
        var plainHttp = new Option<bool>("--plain-http") { Description = "Serve the API servers over plain HTTP without authentication (default: HTTPS with authentication and RBAC, as a real cluster)" };
        var offset = new Option<int>("--address-offset") { Description = "Shift the members' address blocks to 127.(10+offset+i).0.0/16, to run several sandboxes side by side" };
        var network = new Option<NetworkMode>("--network")
        {
            Description = "Members' networks: auto (as root: isolated, members connected only by the mesh's east-west gateways; else loopback), loopback (one shared network), routed or isolated (a network namespace per member)",
            DefaultValueFactory = _ => NetworkMode.Auto,
        };
        var mesh = new Option<string>("--mesh")
        {
            Description = $"How the mesh runs: helm (charts/tdcc-mesh installed with helm; tdcc hub and tdcc agent run as pods, i.e. processes), inprocess (inside this process; hundreds of members fit), or auto (helm up to {MeshInstallation.HelmMaxMembers} members when helm and the chart are found)",
            DefaultValueFactory = _ => "auto",
        };
        mesh.AcceptOnlyFromAmong("auto", "helm", "inprocess");
        var command = new Command("up", "Start the sandbox clusterset in the foreground (Ctrl-C stops it).") { clusters, dir, demo, fresh, verbose, offset, network, mesh, plainHttp };
        command.Validators.Add(result =>
        {
            var members = result.GetValue(clusters);
            var shift = result.GetValue(offset);
            if (shift < 0 || members + shift > AddressPlan.MaxMembers)
            {
                result.AddError($"--clusters plus --address-offset must stay within {AddressPlan.MaxMembers}");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var members = parse.GetValue(clusters);
            var (mode, chart, helm, error) = MeshInstallation.Resolve(
                parse.GetValue(mesh) switch { "helm" => MeshMode.Helm, "inprocess" => MeshMode.InProcess, _ => null },
                members);
            if (error is not null)
            {
                (console ?? AnsiConsole.Console).MarkupLine($"[red]{Markup.Escape(error)}[/]");
                return Task.FromResult(2);
            }

            return RunAsync(
            console ?? AnsiConsole.Console,
            new SandboxOptions
            {
                MeshMode = mode,
                ChartDirectory = chart,
                HelmPath = helm,
                Members = parse.GetValue(clusters),
                Directory = parse.GetValue(dir) ?? ".sandbox",
                Demo = parse.GetValue(demo),
                Fresh = parse.GetValue(fresh),
                AddressOffset = parse.GetValue(offset),
                Network = parse.GetValue(network),
                PlainHttp = parse.GetValue(plainHttp),
            },
            parse.GetValue(verbose),
            cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, SandboxOptions options, bool verbose, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddProvider(new TerminalLoggerProvider(console))
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning));
        var progress = new ProgressPrinter(console, options.Members + 1);
        console.MarkupLine($"Starting the sandbox: hub + [bold]{options.Members}[/] members in [blue]{Markup.Escape(Path.GetFullPath(options.Directory))}[/]");
        var started = DateTimeOffset.UtcNow;
        IClusterSet set;
        try
        {
            set = await SandboxHost.StartAsync(options, progress, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled while starting; stopped.[/]");
            return 130;
        }
        catch (NetworkSetupException e)
        {
            AnsiConsole.MarkupLine($"[red]The sandbox's networks could not be made: {Markup.Escape(e.Message)}[/]");
            return 1;
        }
        catch (StoreCorruptedException e)
        {
            // Names the file, the line and offset, and the repair command.
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
        catch (SandboxAlreadyRunningException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
        catch (TimeoutException e)
        {
            console.MarkupLine($"[red]The sandbox did not become ready: {Markup.Escape(e.Message)}[/]");
            return 1;
        }

        await using (set.ConfigureAwait(false))
        {
            var elapsed = DateTimeOffset.UtcNow - started;
            ClusterTable.Write(console, set, elapsed, options.Demo);
            if (options.Demo && set.Mesh is not null)
            {
                await DemoPlacements.WriteAsync(console, set, cancellationToken).ConfigureAwait(false);
            }

            console.MarkupLine("Press [bold]Ctrl-C[/] to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: stop below.
            }

            console.MarkupLine("Stopping: workloads, controllers, API servers...");
            await set.StopAsync(progress, CancellationToken.None).ConfigureAwait(false);
            console.MarkupLine($"[green]Stopped.[/] State kept in {Markup.Escape(set.Directory)} (use --fresh to start over).");
        }

        return 0;
    }
}
