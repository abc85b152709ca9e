using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc sandbox status [--dir .sandbox] [--output table|json|yaml]</c>: reads endpoints.json and probes each API
/// server's <c>/readyz</c> as the kubeconfig's context of that cluster (its CA, its admin token).
/// </summary>
internal static class SandboxStatusCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var dir = new Option<string>("--dir") { Description = "State directory of the sandbox", DefaultValueFactory = _ => ".sandbox" };
        var output = StructuredOutput.CreateOption("json and yaml: endpoints.json's fields with each cluster's readiness");
        var command = new Command("status", "Show the clusters of a running sandbox and whether their API servers are ready.") { dir, output };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console ?? AnsiConsole.Console,
            parse.GetValue(dir) ?? ".sandbox",
            StructuredOutput.Parse(parse.GetValue(output)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string directory, OutputFormat format, CancellationToken cancellationToken)
    {
        var endpoints = await SandboxHost.ReadEndpointsAsync(directory, cancellationToken).ConfigureAwait(false);
        if (endpoints is null)
        {
            console.MarkupLine($"No sandbox is running in {Markup.Escape(Path.GetFullPath(directory))} (no {SandboxEndpoints.FileName}). Start one with [bold]tdcc sandbox up[/].");
            return 1;
        }

        var probes = await Task.WhenAll(endpoints.Clusters.Select(async c => (Cluster: c, Ready: await ProbeAsync(endpoints.Kubeconfig, c, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        if (format == OutputFormat.Table)
        {
            StatusTable.Write(console, endpoints, probes);
        }
        else
        {
            await StructuredOutput.WriteAsync(console, ToDocument(endpoints, probes), format, cancellationToken).ConfigureAwait(false);
        }

        return probes.All(p => p.Ready == "ok") ? 0 : 1;
    }

    /// <summary>The facts of the table: endpoints.json's fields, and per cluster its <c>/readyz</c> answer (<c>ok</c>, <c>unreachable</c>, <c>HTTP 500</c>, ...).</summary>
    internal static JsonObject ToDocument(SandboxEndpoints endpoints, IReadOnlyList<(ClusterEndpoints Cluster, string Ready)> probes)
    {
        var clusters = new JsonArray();
        foreach (var (cluster, ready) in probes)
        {
            clusters.Add(new JsonObject
            {
                ["name"] = cluster.Name,
                ["role"] = cluster.Role,
                ["apiServer"] = cluster.ApiServer,
                ["podCidr"] = cluster.PodCidr,
                ["serviceCidr"] = cluster.ServiceCidr,
                ["dns"] = cluster.Dns,
                ["xds"] = cluster.Xds,
                ["ready"] = ready,
            });
        }

        return new JsonObject
        {
            ["pid"] = endpoints.Pid,
            ["startedAt"] = endpoints.StartedAt,
            ["kubeconfig"] = endpoints.Kubeconfig,
            ["clusters"] = clusters,
        };
    }

    private static async Task<string> ProbeAsync(string kubeconfig, ClusterEndpoints cluster, CancellationToken cancellationToken)
    {
        var options = File.Exists(kubeconfig)
            ? Tdcc.Mesh.Kube.Config.KubeClientOptions.FromKubeconfig(kubeconfig, cluster.Name) with { Server = new Uri(cluster.ApiServer) }
            : Tdcc.Mesh.Kube.Config.KubeClientOptions.ForServer(new Uri(cluster.ApiServer));
        using var client = new Tdcc.Mesh.Kube.Client.KubeClient(options with { RequestTimeout = TimeSpan.FromSeconds(3), Retry = new Tdcc.Mesh.Kube.Config.RetryPolicy { MaxAttempts = 1 } });
        try
        {
            return (await client.GetRawAsync("/readyz", cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Tdcc.Mesh.Kube.Client.KubeApiException e)
        {
            return $"HTTP {e.StatusCode}";
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
