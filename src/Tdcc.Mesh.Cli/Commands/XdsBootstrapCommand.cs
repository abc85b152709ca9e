using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Spectre.Console;
using Tdcc.Mesh.Cli.Xds;
using Tdcc.Mesh.Xds.Bootstrap;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc xds bootstrap --cluster member [--node-id id] [--role east-west-gateway|ingress-gateway] [--dir .sandbox]
/// [--server url] [--output file]</c>: the gRFC A27 bootstrap a gRPC client (<c>GRPC_XDS_BOOTSTRAP</c>) or gateway of
/// that member needs to reach the sandbox's xDS server, on stdout or into a file.
/// </summary>
internal static class XdsBootstrapCommand
{
    /// <summary>Exit code when the bootstrap was printed or written.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code when the cluster is not a member of the sandbox, or the output file cannot be written.</summary>
    public const int ExitFailed = 1;

    /// <summary>Exit code when there is no server to name: no sandbox running, no xDS entry, or a malformed <c>--server</c>.</summary>
    public const int ExitNoServer = 2;

    public static Command Create(IAnsiConsole? console = null)
    {
        var cluster = new Option<string>("--cluster", "-c") { Description = "The member cluster the node belongs to (node.cluster: picks that member's view)", Required = true };
        var nodeId = new Option<string?>("--node-id") { Description = "node.id (default: <cluster>-cli-<random suffix>)" };
        var role = new Option<string?>("--role") { Description = "A gateway role, written to node.metadata.TDCC_ROLE (default: a proxyless gRPC client)" };
        role.AcceptOnlyFromAmong([.. NodeRoles.Gateways]);
        var dir = new Option<string>("--dir") { Description = "State directory of the sandbox (its endpoints.json names the xDS server and the members)", DefaultValueFactory = _ => ".sandbox" };
        var server = new Option<string?>("--server") { Description = "The xDS server's URL, e.g. http://127.0.0.1:18000 (default: the xds entry of <dir>/endpoints.json; the cluster is then not checked)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the bootstrap to this file instead of stdout" };
        var command = new Command("bootstrap", "Print a gRFC A27 xDS bootstrap (GRPC_XDS_BOOTSTRAP) for a node of a member cluster.") { cluster, nodeId, role, dir, server, output };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console ?? AnsiConsole.Console,
            new Request(parse.GetValue(cluster)!, parse.GetValue(nodeId), parse.GetValue(role), parse.GetValue(dir) ?? ".sandbox", parse.GetValue(server), parse.GetValue(output)),
            cancellationToken));
        return command;
    }

    /// <summary>The default node id: <c>&lt;cluster&gt;-cli-&lt;6 hex digits&gt;</c>, so several clients of one member stay apart in <c>tdcc xds status</c>.</summary>
    public static string DefaultNodeId(string cluster) =>
        string.Create(CultureInfo.InvariantCulture, $"{cluster}-cli-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");

    /// <summary>
    /// The locality of a sandbox member's node: region = the member, zone = <c>&lt;member&gt;-a</c>, the labels of its
    /// first node and the locality the xDS server gives that member's endpoints.
    /// </summary>
    public static XdsBootstrapLocality SandboxLocality(string cluster) => new(cluster, cluster + "-a");

    private static async Task<int> RunAsync(IAnsiConsole console, Request request, CancellationToken cancellationToken)
    {
        var found = await SandboxXdsServer.FindAsync(request.Directory, request.Server, cancellationToken).ConfigureAwait(false);
        if (found.Server is not { } server)
        {
            console.MarkupLine(found.Error!);
            return ExitNoServer;
        }

        if (found.Endpoints is { } endpoints)
        {
            var members = endpoints.Clusters.Where(c => string.Equals(c.Role, "member", StringComparison.Ordinal)).Select(c => c.Name).ToList();
            if (!members.Contains(request.Cluster, StringComparer.Ordinal))
            {
                var known = members.Count == 0 ? "none" : string.Join(", ", members);
                console.MarkupLine($"[red]'{Markup.Escape(request.Cluster)}' is not a member cluster of the sandbox in {Markup.Escape(Path.GetFullPath(request.Directory))}[/] (members: {Markup.Escape(known)}).");
                return ExitFailed;
            }
        }

        var node = XdsBootstrapNode.Create(request.NodeId ?? DefaultNodeId(request.Cluster), request.Cluster, SandboxLocality(request.Cluster), request.Role);
        var json = XdsBootstrap.Create($"{server.Host}:{server.Port}", node).ToJson();
        if (request.Output is null)
        {
            // Through the raw writer so the console never wraps or marks up the JSON.
            var writer = console.Profile.Out.Writer;
            await writer.WriteLineAsync(json).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitOk;
        }

        try
        {
            await File.WriteAllTextAsync(request.Output, json + "\n", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]Cannot write {Markup.Escape(request.Output)}: {Markup.Escape(e.Message)}[/]");
            return ExitFailed;
        }

        console.MarkupLine($"Wrote the bootstrap of node [bold]{Markup.Escape(node.Id)}[/] (cluster {Markup.Escape(node.Cluster)}, xDS server {Markup.Escape(server.ToString())}) to {Markup.Escape(Path.GetFullPath(request.Output))}.");
        return ExitOk;
    }

    private sealed record Request(string Cluster, string? NodeId, string? Role, string Directory, string? Server, string? Output);
}
