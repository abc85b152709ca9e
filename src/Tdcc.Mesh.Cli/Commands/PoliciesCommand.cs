using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Gateway.Hosting;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc policies [-n ns | -A] [--kubeconfig f] [--context hub] [--gateway-port 15021] [-o table|json|yaml]</c>
/// (<c>kubectl tdcc policies</c>): the hub's MultiClusterNetworkPolicies, where each is enforced, the rules that cannot
/// be, and how many requests the enforcing gateways refused. The counts come from each enforcing cluster's gateway status
/// document (<see cref="GatewayHost.StatusPath"/>) at the address its ManagedCluster reports and
/// <c>--gateway-port</c>; a gateway that cannot be read is named, its count left out.
/// </summary>
internal static class PoliciesCommand
{
    private static readonly TimeSpan GatewayTimeout = TimeSpan.FromSeconds(3);

    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null)
    {
        var kube = new KubeContextOptions("The hub's kubeconfig context (default: the current context)");
        var scope = new NamespaceOptions();
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The gateways' HTTP port, where their status document is read", DefaultValueFactory = _ => 15021 };
        var output = StructuredOutput.CreateOption("json and yaml: each policy's rules, enforcing clusters, unenforceable rules, denials per gateway, source and service, and conditions");
        var command = new Command("policies", "List the hub's MultiClusterNetworkPolicies: where they are enforced, what cannot be, and the requests the gateways denied.") { output, gatewayPort };
        scope.AddTo(command);
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var hub = kube.Open(parse);
                var ns = scope.Resolve(parse, hub);
                var list = await ServedKinds.ListAsync<MultiClusterNetworkPolicy>(hub, ns, $"context {hub.Context} has no network policy API (networking.tdcc.io): it is not a TDCC hub", cancellationToken).ConfigureAwait(false);
                var clusters = (await ServedKinds.ListAsync<ManagedCluster>(hub, null, ServedKinds.NotAHub(hub), cancellationToken).ConfigureAwait(false)).Items;
                var enforcing = list.Items.SelectMany(p => p.Status?.EnforcedClusters ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var statuses = await ReadGatewaysAsync(enforcing, clusters, parse.GetValue(gatewayPort), cancellationToken).ConfigureAwait(false);
                var rows = list.Items
                    .Select(p => Summarize(p, statuses))
                    .OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
                var format = StructuredOutput.Parse(parse.GetValue(output));
                if (format != OutputFormat.Table)
                {
                    var items = new JsonArray([.. rows.Select(r => (JsonNode)r.ToJson())]);
                    await StructuredOutput.WriteAsync(terminal, new JsonObject { ["context"] = hub.Context, ["policies"] = items }, format, cancellationToken).ConfigureAwait(false);
                }
                else if (rows.Count == 0)
                {
                    terminal.MarkupLine(ns is null ? "No MultiClusterNetworkPolicies found." : $"No MultiClusterNetworkPolicies found in namespace {Markup.Escape(ns)}.");
                }
                else
                {
                    PolicyTable.Write(terminal, rows, ns is null, (time ?? TimeProvider.System).GetUtcNow());
                }

                return KubeCommandRunner.ExitOk;
            });
        });
        return command;
    }

    private static PolicySummary Summarize(MultiClusterNetworkPolicy policy, Dictionary<string, (GatewayStatus? Status, string? Error)> gateways)
    {
        var key = (policy.Metadata.Namespace ?? string.Empty) + "/" + policy.Metadata.Name;
        var denials = new List<(string, PolicyDenialStatus)>();
        var unread = new List<string>();
        foreach (var cluster in policy.Status?.EnforcedClusters ?? [])
        {
            if (!gateways.TryGetValue(cluster, out var gateway) || gateway.Status is null)
            {
                unread.Add($"{cluster}'s gateway not read: {gateway.Error ?? "no status"}");
                continue;
            }

            denials.AddRange((gateway.Status.Denials ?? []).Where(d => string.Equals(d.Policy, key, StringComparison.Ordinal)).Select(d => (cluster, d)));
        }

        return new PolicySummary(policy, denials, unread);
    }

    private static async Task<Dictionary<string, (GatewayStatus? Status, string? Error)>> ReadGatewaysAsync(
        List<string> enforcing, IReadOnlyList<ManagedCluster> clusters, int port, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (GatewayStatus?, string?)>(StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = GatewayTimeout };
        foreach (var cluster in enforcing)
        {
            var address = clusters.FirstOrDefault(c => string.Equals(c.Metadata.Name, cluster, StringComparison.Ordinal))?.Status?.Gateway?.Address;
            if (string.IsNullOrEmpty(address))
            {
                result[cluster] = (null, "its ManagedCluster reports no gateway address (behind NAT, or no gateway)");
                continue;
            }

            var host = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
            var url = new Uri($"http://{host}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}{GatewayHost.StatusPath}");
            try
            {
                using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                result[cluster] = response.IsSuccessStatusCode
                    ? (System.Text.Json.JsonSerializer.Deserialize(json, GatewayStatusJsonContext.Default.GatewayStatus), null)
                    : (null, $"{url} answered {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                result[cluster] = (null, $"{url}: {e.Message}");
            }
        }

        return result;
    }
}
