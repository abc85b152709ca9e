using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>A started process component and what ends it (SIGTERM, or the component's own end).</summary>
internal sealed record RunningProcess(IAsyncDisposable Component, Task Ended);

/// <summary>
/// Runs <c>tdcc hub</c> or <c>tdcc agent</c>: reads the flags, connects to the cluster, starts the component, waits for
/// SIGTERM (the token) and stops it gracefully. Bad flags or an unreachable cluster end the process with one line on
/// standard error and exit code 1 (2 for bad flags).
/// </summary>
internal static class ProcessRunner
{
    public static async Task<int> RunAsync(
        string name,
        Func<ProcessOptions> readOptions,
        Func<string, string?> environment,
        Func<ProcessOptions, ProcessEnvironment, CancellationToken, Task<RunningProcess>> start,
        CancellationToken cancellationToken)
    {
        ProcessOptions options;
        KubeClientOptions connection;
        try
        {
            options = readOptions();
            connection = ClusterConnection.Resolve(options, environment);
        }
        catch (Exception e) when (e is FormatException or KubeconfigException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using var cluster = new KubeClient(connection);
        var processEnvironment = new ProcessEnvironment
        {
            Cluster = cluster,
            ClusterServer = connection.Server,
            OwnNamespace = ClusterConnection.OwnNamespace(environment),
        };
        RunningProcess running;
        try
        {
            running = await start(options, processEnvironment, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or KubeApiException or HttpRequestException or IOException)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await running.Ended.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await running.Component.DisposeAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
