using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary><c>tdcc sandbox status [--dir .sandbox]</c>: reads endpoints.json and probes each API server's <c>/readyz</c>.</summary>
internal static class SandboxStatusCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "State directory of the sandbox", DefaultValueFactory = _ => ".sandbox" };
        var command = new Command("status", "Show the clusters of a running sandbox and whether their API servers are ready.") { dir };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(dir) ?? ".sandbox", cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string directory, CancellationToken cancellationToken)
    {
        var endpoints = await SandboxHost.ReadEndpointsAsync(directory, cancellationToken).ConfigureAwait(false);
        if (endpoints is null)
        {
            AnsiConsole.MarkupLine($"No sandbox is running in {Markup.Escape(Path.GetFullPath(directory))} (no {SandboxEndpoints.FileName}). Start one with [bold]tdcc sandbox up[/].");
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var probes = await Task.WhenAll(endpoints.Clusters.Select(async c => (Cluster: c, Ready: await ProbeAsync(http, c.ApiServer, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        StatusTable.Write(AnsiConsole.Console, endpoints, probes);
        return probes.All(p => p.Ready == "ok") ? 0 : 1;
    }

    private static async Task<string> ProbeAsync(HttpClient http, string apiServer, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(apiServer), "/readyz"), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? body.Trim() : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError == HttpRequestError.ConnectionError ? "unreachable" : e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
    }
}
