using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.ApiServer.Storage;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc sandbox repair [--dir .sandbox] [--cluster name]</c>: cuts each cluster's store log at its first corrupt
/// record (after keeping a copy) so the API server starts again, and says what was dropped. <c>--dir</c> may also name
/// one store directory (the one an API server's error message names). The sandbox must not be running.
/// </summary>
internal static class SandboxRepairCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "State directory of the sandbox, or one cluster's store directory", DefaultValueFactory = _ => ".sandbox" };
        var cluster = new Option<string?>("--cluster") { Description = "Repair only this cluster (default: every cluster)" };
        var command = new Command("repair", "Cut a damaged cluster store at its first corrupt record (keeps a backup) so the sandbox starts again.") { dir, cluster };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(dir) ?? ".sandbox", parse.GetValue(cluster), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string directory, string? cluster, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        if (await SandboxHost.ReadEndpointsAsync(root, cancellationToken).ConfigureAwait(false) is not null)
        {
            AnsiConsole.MarkupLine($"[red]A sandbox is running in {Markup.Escape(root)} ({SandboxEndpoints.FileName} exists): stop it first.[/]");
            return 1;
        }

        List<string> stores;
        if (cluster is not null)
        {
            stores = [Path.Combine(root, "clusters", cluster)];
        }
        else if (StoreRepair.IsStoreDirectory(root))
        {
            stores = [root];
        }
        else
        {
            var clusters = Path.Combine(root, "clusters");
            stores = Directory.Exists(clusters) ? Directory.GetDirectories(clusters).Order(StringComparer.Ordinal).ToList() : [];
        }

        stores = stores.Where(StoreRepair.IsStoreDirectory).ToList();
        if (stores.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]No cluster store found in {Markup.Escape(root)}{(cluster is null ? string.Empty : $" for cluster {Markup.Escape(cluster)}")}.[/]");
            return 1;
        }

        foreach (var store in stores)
        {
            var result = StoreRepair.Repair(store);
            if (!result.Changed)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(result.LogPath)}: intact ({result.KeptRecords} records), nothing to repair.");
                continue;
            }

            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(result.LogPath)}[/]: line {result.FirstBadLine}: {Markup.Escape(result.Problem ?? string.Empty)}.");
            AnsiConsole.MarkupLine($"  Kept {result.KeptRecords} records; dropped {result.DroppedLines} line(s), {result.DroppedBytes} bytes. The original log is saved as {Markup.Escape(result.BackupPath!)}.");
            if (result.DroppedObjects.Count > 0)
            {
                AnsiConsole.MarkupLine("  Dropped records:");
                foreach (var dropped in result.DroppedObjects)
                {
                    AnsiConsole.MarkupLine($"    {Markup.Escape(dropped)}");
                }
            }
        }

        return 0;
    }
}
