using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Cli.Xds;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc xds status [--dir .sandbox] [--server url] [--output table|json|yaml] [--node id]</c>: reads the xDS server's
/// status view (from <c>--server</c>, else the <c>xds</c> entry of endpoints.json) and prints the connected nodes with
/// what each was sent, ACKed and NACKed.
/// </summary>
internal static class XdsStatusCommand
{
    /// <summary>Exit code when the status was shown.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code when the server could not be read, or <c>--node</c> names no connected node.</summary>
    public const int ExitUnavailable = 1;

    /// <summary>Exit code when there is no server to ask: no sandbox running, no xDS entry, or a malformed <c>--server</c>.</summary>
    public const int ExitNoServer = 2;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(IAnsiConsole? console = null)
    {
        var dir = new Option<string>("--dir") { Description = "State directory of the sandbox (its endpoints.json names the xDS server)", DefaultValueFactory = _ => ".sandbox" };
        var server = new Option<string?>("--server") { Description = "The xDS server's URL, e.g. http://127.0.0.1:18000 (default: the xds entry of <dir>/endpoints.json)" };
        var output = StructuredOutput.CreateOption("json and yaml: the status endpoint's JSON as served");
        var node = new Option<string?>("--node") { Description = "Show only the streams of this node id" };
        var command = new Command("status", "Show the nodes connected to the xDS server and what they were sent, ACKed and NACKed.") { dir, server, output, node };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console ?? AnsiConsole.Console,
            parse.GetValue(dir) ?? ".sandbox",
            parse.GetValue(server),
            StructuredOutput.Parse(parse.GetValue(output)),
            parse.GetValue(node),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string directory, string? serverOption, OutputFormat format, string? nodeId, CancellationToken cancellationToken)
    {
        var found = await SandboxXdsServer.FindAsync(directory, serverOption, cancellationToken).ConfigureAwait(false);
        if (found.Server is not { } server)
        {
            console.MarkupLine(found.Error!);
            return ExitNoServer;
        }

        XdsStatusFetch fetch;
        using (var http = new HttpClient { Timeout = RequestTimeout })
        {
            try
            {
                fetch = await new XdsStatusClient(http).GetAsync(server, cancellationToken).ConfigureAwait(false);
            }
            catch (XdsStatusUnavailableException e)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return ExitUnavailable;
            }
        }

        var nodes = nodeId is null
            ? fetch.Report.Nodes
            : fetch.Report.Nodes.Where(n => string.Equals(n.NodeId, nodeId, StringComparison.Ordinal)).ToList();
        if (nodeId is not null && nodes.Count == 0)
        {
            var connected = fetch.Report.Nodes.Count == 0 ? "none" : string.Join(", ", fetch.Report.Nodes.Select(n => n.NodeId).Distinct(StringComparer.Ordinal));
            console.MarkupLine($"[red]No node '{Markup.Escape(nodeId)}' is connected to {Markup.Escape(server.ToString())}[/] (connected: {Markup.Escape(connected)}).");
            return ExitUnavailable;
        }

        if (format != OutputFormat.Table)
        {
            // The JSON as served (unknown fields included), raw so the console never wraps it.
            await StructuredOutput.WriteAsync(console, Select(fetch.Json, nodeId), format, cancellationToken).ConfigureAwait(false);
            return ExitOk;
        }

        XdsStatusTable.Write(console, fetch, nodes);
        return ExitOk;
    }

    /// <summary>The status JSON; with a node id, only that node's entries in <c>nodes</c>; every other field kept as served.</summary>
    private static JsonNode Select(string json, string? nodeId)
    {
        var root = JsonNode.Parse(json)!;
        if (nodeId is not null && root is JsonObject map && map["nodes"] is JsonArray nodes)
        {
            foreach (var entry in nodes.Where(n => n?["nodeId"]?.GetValue<string>() != nodeId).ToList())
            {
                nodes.Remove(entry);
            }
        }

        return root;
    }
}
