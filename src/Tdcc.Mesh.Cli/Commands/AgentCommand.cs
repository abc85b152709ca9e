using System.Collections.Immutable;
using System.CommandLine;
using Tdcc.Mesh.Agent;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc agent</c>: the agent process of one member (docs/operator.md): join, heartbeats, capacity, the MCS agent and
/// the clusterset DNS server, until SIGTERM (or until the member is removed from the clusterset).
/// </summary>
internal static class AgentCommand
{
    public static Command Create(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var process = new ProcessFlags();
        var clusterName = new EnvironmentFlag("--cluster-name", "the member's name on the hub (required)");
        var hubServer = new EnvironmentFlag("--hub-server", "the hub API server's URL (required)");
        var hubCa = new EnvironmentFlag("--hub-ca-file", "CA bundle of the hub API server (https)");
        var token = new EnvironmentFlag("--bootstrap-token", "<id>.<secret>; only needed until the credentials are stored in the member");
        var dns = new EnvironmentFlag("--dns-address", "where the clusterset DNS server listens (UDP and TCP)", "0.0.0.0:5353");
        var region = new EnvironmentFlag("--region", "the member's region (default: from its nodes' labels)");
        var zone = new EnvironmentFlag("--zone", "the member's zone (default: from its nodes' labels)");
        var labels = new EnvironmentFlag("--cluster-labels", "k=v,k2=v2 labels of the member's ManagedCluster");
        var heartbeat = new EnvironmentFlag("--heartbeat-interval", "Lease renewal and status report", "10s");
        var command = new Command("agent", "Run the agent of one member: join the hub, heartbeats, multi-cluster services, clusterset DNS.");
        foreach (var option in process.Options.Concat([clusterName.Option, hubServer.Option, hubCa.Option, token.Option, dns.Option, region.Option, zone.Option, labels.Option, heartbeat.Option]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ProcessRunner.RunAsync(
            "tdcc agent",
            () => process.Read(parse, environment),
            environment,
            async (processOptions, processEnvironment, ct) =>
            {
                var defaults = new AgentOptions { ClusterName = "x", HubServer = "x" };
                var options = new AgentOptions
                {
                    ClusterName = clusterName.Read(parse, environment) ?? throw new FormatException("--cluster-name is required (or TDCC_CLUSTER_NAME)"),
                    HubServer = hubServer.Read(parse, environment) ?? throw new FormatException("--hub-server is required (or TDCC_HUB_SERVER)"),
                    HubCaFile = hubCa.Read(parse, environment),
                    BootstrapToken = token.Read(parse, environment),
                    DnsAddress = dns.Read(parse, environment) ?? defaults.DnsAddress,
                    Region = region.Read(parse, environment),
                    Zone = zone.Read(parse, environment),
                    ClusterLabels = ParseLabels(labels.Read(parse, environment)),
                    HeartbeatInterval = heartbeat.ReadDuration(parse, environment, defaults.HeartbeatInterval),
                };
                var agent = await AgentHost.StartAsync(options, processOptions, new AgentEnvironment { Process = processEnvironment }, joinTimeout: null, ct).ConfigureAwait(false);
                return new RunningProcess(agent, Task.WhenAny(agent.Left, Task.Delay(Timeout.Infinite, ct)));
            },
            cancellationToken));
        return command;
    }

    private static ImmutableDictionary<string, string> ParseLabels(string? text)
    {
        var labels = ImmutableDictionary<string, string>.Empty;
        foreach (var pair in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            labels = equals > 0
                ? labels.SetItem(pair[..equals], pair[(equals + 1)..])
                : throw new FormatException($"--cluster-labels: '{pair}' is not key=value");
        }

        return labels;
    }
}
