using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spectre.Console;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc join &lt;name&gt; [--hub-server URL] [--ttl 1h] [--kubeconfig f] [--context hub] [-o table|json|yaml]</c>
/// (<c>kubectl tdcc join</c>): creates a bootstrap token on the hub and prints the <c>helm install</c> that makes a
/// cluster join as <c>&lt;name&gt;</c>.
/// </summary>
internal static partial class JoinCommand
{
    /// <summary>The token's lifetime when <c>--ttl</c> is not given.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(1);

    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null)
    {
        var name = new Argument<string>("name") { Description = "The new member's cluster name (its ManagedCluster on the hub)" };
        var hubServer = new Option<string?>("--hub-server") { Description = "The hub API server's URL as the member reaches it (default: the hub context's server)" };
        var ttl = new Option<string>("--ttl") { Description = "How long the bootstrap token stays valid, e.g. 30m, 1h, 24h; 0 never expires", DefaultValueFactory = _ => "1h" };
        ttl.Validators.Add(result =>
        {
            if (!TryParseDuration(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--ttl: '{result.GetValueOrDefault<string>()}' is not a duration like 30m, 1h or 1h30m");
            }
        });
        var kube = new KubeContextOptions("The hub's kubeconfig context (default: the current context)");
        var output = StructuredOutput.CreateOption("json and yaml: token, expires, hubServer, helmCommand");
        var command = new Command("join", "Create a bootstrap token on the hub and print the helm install that joins a member cluster.") { name, hubServer, ttl, output };
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var hub = kube.Open(parse);
                // Validated above: a value that reached here parses.
                var lifetime = TryParseDuration(parse.GetValue(ttl), out var parsed) ? parsed : DefaultTtl;
                var request = new JoinRequest(parse.GetValue(name)!, parse.GetValue(hubServer), lifetime == TimeSpan.Zero ? null : lifetime, StructuredOutput.Parse(parse.GetValue(output)));
                return await RunAsync(terminal, hub, request, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            });
        });
        return command;
    }

    /// <summary>Go's duration syntax for whole units (<c>90s</c>, <c>30m</c>, <c>1h30m</c>, <c>0</c>) as kubeadm's <c>--ttl</c> takes it.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.Trim() == "0")
        {
            return true;
        }

        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            var value = long.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            duration += unit switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return true;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, KubeTarget hub, JoinRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = NameValidation.Validate(ClustersApi.ClusterNamespace(request.Name), label: true);
        if (errors.Count > 0)
        {
            console.MarkupLine($"[red]invalid cluster name '{Markup.Escape(request.Name)}': its hub namespace {Markup.Escape(ClustersApi.ClusterNamespace(request.Name))}: {Markup.Escape(string.Join("; ", errors))}[/]");
            return KubeCommandRunner.ExitProblem;
        }

        // The hub check first: a context without ManagedClusters gets no token.
        var clusters = await ServedKinds.ListAsync<ManagedCluster>(hub, null, ServedKinds.NotAHub(hub), cancellationToken).ConfigureAwait(false);
        if (clusters.Items.Any(c => c.Metadata.Name == request.Name))
        {
            console.MarkupLine($"[red]a cluster named {Markup.Escape(request.Name)} is already registered on hub {Markup.Escape(hub.Context)}[/] (see kubectl tdcc clusters); pick another name, or delete ManagedCluster {Markup.Escape(request.Name)} first.");
            return KubeCommandRunner.ExitProblem;
        }

        var server = request.HubServer ?? hub.Server.ToString().TrimEnd('/');
        var token = await BootstrapTokens.CreateAsync(hub.Client, request.Ttl, time, cancellationToken).ConfigureAwait(false);
        var expires = await ExpiresAsync(hub, token, cancellationToken).ConfigureAwait(false);
        if (request.Format == OutputFormat.Table)
        {
            // Raw, so the console never wraps or marks up the command.
            var writer = console.Profile.Out.Writer;
            await writer.WriteLineAsync(JoinCommandLine.Lines(request.Name, server, token)).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return KubeCommandRunner.ExitOk;
        }

        var document = new JsonObject
        {
            ["token"] = token,
            ["expires"] = expires,
            ["hubServer"] = server,
            ["helmCommand"] = JoinCommandLine.OneLine(request.Name, server, token),
        };
        await StructuredOutput.WriteAsync(console, document, request.Format, cancellationToken).ConfigureAwait(false);
        return KubeCommandRunner.ExitOk;
    }

    /// <summary>The expiration the hub stored with the token (its Secret's <c>expiration</c>); null when it never expires.</summary>
    private static async Task<DateTimeOffset?> ExpiresAsync(KubeTarget hub, string token, CancellationToken cancellationToken)
    {
        var secret = await hub.Client.Resource<Secret>().GetAsync("kube-system", "bootstrap-token-" + token.Split('.')[0], cancellationToken).ConfigureAwait(false);
        if (secret?.Data?.GetValueOrDefault("expiration") is not { } encoded)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires) ? expires : null;
    }

    [GeneratedRegex("^(?<part>[0-9]+(h|m|s))+$")]
    private static partial Regex DurationPattern();

    private sealed record JoinRequest(string Name, string? HubServer, TimeSpan? Ttl, OutputFormat Format);
}
