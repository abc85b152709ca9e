using Spectre.Console;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Cli.Kube;

/// <summary>
/// Runs a command that talks to clusters and turns what can go wrong on the way (kubeconfig, connection, API errors)
/// into one red line and <see cref="ExitError"/>.
/// </summary>
internal static class KubeCommandRunner
{
    /// <summary>The command did what it was asked and found nothing wrong.</summary>
    public const int ExitOk = 0;

    /// <summary>The command ran and found a problem (a failed check, a context that is not a hub, a name taken).</summary>
    public const int ExitProblem = 1;

    /// <summary>The command could not run: kubeconfig, connection or API errors.</summary>
    public const int ExitError = 2;

    public static async Task<int> RunAsync(IAnsiConsole console, Func<Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (KubeconfigException e)
        {
            console.MarkupLine($"[red]kubeconfig: {Markup.Escape(e.Message)}[/]");
        }
        catch (KubeTargetException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return ExitProblem;
        }
        catch (HttpRequestException e)
        {
            console.MarkupLine($"[red]cannot reach the API server: {Markup.Escape(e.Message)}[/]");
        }
        catch (KubeApiException e)
        {
            console.MarkupLine($"[red]the API server refused: {Markup.Escape(e.Message)}[/]");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            console.MarkupLine($"[red]the API server did not answer in time: {Markup.Escape(e.Message)}[/]");
        }

        return ExitError;
    }
}
