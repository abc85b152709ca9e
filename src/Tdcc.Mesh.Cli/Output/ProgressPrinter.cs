using Spectre.Console;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>Prints start and stop progress as it happens (one line per cluster up to 12 clusters, then every tenth).</summary>
internal sealed class ProgressPrinter(IAnsiConsole console, int total) : IProgress<SandboxProgress>
{
    private readonly Lock _gate = new();

    public void Report(SandboxProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            switch (value.Stage)
            {
                case SandboxStage.ClusterReady when total <= 12 || value.ClustersReady % 10 == 0 || value.ClustersReady == total:
                    console.MarkupLine($"  [green]✓[/] {Markup.Escape(value.Cluster ?? string.Empty),-10} [grey]({value.ClustersReady}/{value.ClustersTotal})[/] {Markup.Escape(value.Message)}");
                    break;
                case SandboxStage.Demo:
                case SandboxStage.Mesh:
                    console.MarkupLine($"  [blue]…[/] {Markup.Escape(value.Message)}");
                    break;
                default:
                    break;
            }
        }
    }
}
