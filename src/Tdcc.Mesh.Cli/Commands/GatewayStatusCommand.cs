using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Gateway.Hosting;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc gateway status --address http://host:port [-o table|json|yaml]</c> (or <c>--cluster west</c> for a member of
/// the running sandbox, whose <c>endpoints.json</c> names each member's gateway): a running gateway's status document
/// (<see cref="GatewayHost.StatusPath"/> on its HTTP port): its certificate, every peer's tunnel (state, direction,
/// round trip, certificate expiry, last error), its outbound listeners and the requests and errors per destination.
/// </summary>
internal static class GatewayStatusCommand
{
    public const int ExitOk = 0;
    public const int ExitUnavailable = 1;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(IAnsiConsole console)
    {
        var address = new Option<string>("--address") { Description = "The gateway's HTTP address (its --http-address), e.g. http://100.64.0.10:15021" };
        var cluster = new Option<string>("--cluster") { Description = "A member of the running sandbox (instead of --address): its gateway" };
        var dir = new Option<string>("--dir") { Description = "State directory of the running sandbox (with --cluster)", DefaultValueFactory = _ => ".sandbox" };
        var output = StructuredOutput.CreateOption("json and yaml: the status document as served");
        var command = new Command("status", "Show a gateway's peers, tunnels, certificate, listeners and traffic.") { address, cluster, dir, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = StructuredOutput.Parse(parse.GetValue(output));
            if (parse.GetValue(address) is { Length: > 0 } given)
            {
                return await RunAsync(console, given, format, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(cluster) is not { Length: > 0 } member)
            {
                console.MarkupLine("[red]Say which gateway: --address http://<host>:15021, or --cluster <member> for the running sandbox's.[/]");
                return ExitUnavailable;
            }

            var directory = parse.GetValue(dir)!;
            var (_, endpoints, error, exitCode) = await SandboxEndpointsReader.FindMemberAsync(directory, member, cancellationToken).ConfigureAwait(false);
            if (endpoints is null)
            {
                console.MarkupLine($"[red]{Markup.Escape(error!)}[/]");
                return exitCode;
            }

            if (endpoints.Gateway is not { Length: > 0 } gateway)
            {
                console.MarkupLine($"[red]{Markup.Escape(member)} runs no east-west gateway: the sandbox's members reach each other's pods directly in its network layout (gateways run in the isolated layout, the default as root).[/]");
                return ExitUnavailable;
            }

            return await RunAsync(console, gateway, format, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string address, OutputFormat format, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            console.MarkupLine($"[red]--address: '{Markup.Escape(address)}' is not an http(s) URL[/]");
            return ExitUnavailable;
        }

        var url = new Uri(baseUri, GatewayHost.StatusPath);
        string json;
        using (var http = new HttpClient { Timeout = RequestTimeout })
        {
            try
            {
                using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    console.MarkupLine($"[red]{Markup.Escape(url.ToString())} answered {(int)response.StatusCode}[/]: {Markup.Escape(json)}");
                    return ExitUnavailable;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                console.MarkupLine($"[red]Cannot read {Markup.Escape(url.ToString())}: {Markup.Escape(e.Message)}[/]");
                return ExitUnavailable;
            }
        }

        if (format != OutputFormat.Table)
        {
            await StructuredOutput.WriteAsync(console, JsonNode.Parse(json)!, format, cancellationToken).ConfigureAwait(false);
            return ExitOk;
        }

        var status = System.Text.Json.JsonSerializer.Deserialize(json, GatewayStatusJsonContext.Default.GatewayStatus)
            ?? throw new InvalidOperationException("empty status document");
        Write(console, status);
        return ExitOk;
    }

    private static void Write(IAnsiConsole console, GatewayStatus status)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Gateway of {status.Cluster}: tunnel {status.TunnelEndPoint}, configuration {status.ConfigurationVersion}, certificate expires {Format(status.CertificateNotAfter)}"));
        if (!status.IngressPorts.IsDefaultOrEmpty)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ingress: ports {string.Join(", ", status.IngressPorts)}, configuration {status.IngressVersion}"));
        }

        console.WriteLine();
        var peers = new Table().Border(TableBorder.Simple).AddColumns("PEER", "ADDRESS", "TUNNEL", "DIRECTION", "RTT", "CERT EXPIRES", "REVERSE", "SINCE", "RECONNECTS", "LAST ERROR");
        foreach (var peer in status.Peers)
        {
            peers.AddRow(
                Markup.Escape(peer.Cluster),
                Markup.Escape(peer.Address ?? "(behind NAT)"),
                peer.Down ? peer.State + " (down)" : peer.State.ToString(),
                peer.Direction.ToString(),
                peer.RoundTripTime is { } rtt ? string.Create(CultureInfo.InvariantCulture, $"{rtt.TotalMilliseconds:0.0} ms") : "-",
                Format(peer.CertificateNotAfter),
                peer.ReverseConnections.ToString(CultureInfo.InvariantCulture),
                Format(peer.ConnectedSince),
                peer.Reconnects.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(peer.LastError ?? string.Empty));
        }

        console.Write(peers);
        var listeners = new Table().Border(TableBorder.Simple).AddColumns("PORT", "SERVICE", "PROTOCOL");
        foreach (var listener in status.Listeners)
        {
            listeners.AddRow(listener.Port.ToString(CultureInfo.InvariantCulture), Markup.Escape(listener.Service), listener.Protocol.ToString());
        }

        console.Write(listeners);
        var destinations = new Table().Border(TableBorder.Simple).AddColumns("DESTINATION", "REQUESTS", "ERRORS");
        foreach (var destination in status.Destinations)
        {
            destinations.AddRow(Markup.Escape(destination.Service), destination.Requests.ToString(CultureInfo.InvariantCulture), destination.Errors.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(destinations);
    }

    private static string Format(DateTimeOffset? time) => time is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
