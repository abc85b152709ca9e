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
        var hubCaPem = new EnvironmentFlag("--hub-ca", "CA bundle of the hub API server as PEM text (wins over --hub-ca-file)");
        var token = new EnvironmentFlag("--bootstrap-token", "<id>.<secret>; only needed until the credentials are stored in the member");
        var dns = new EnvironmentFlag("--dns-address", "where the clusterset DNS server listens (UDP and TCP)", "0.0.0.0:5353");
        var region = new EnvironmentFlag("--region", "the member's region (default: from its nodes' labels)");
        var zone = new EnvironmentFlag("--zone", "the member's zone (default: from its nodes' labels)");
        var labels = new EnvironmentFlag("--cluster-labels", "k=v,k2=v2 labels of the member's ManagedCluster");
        var heartbeat = new EnvironmentFlag("--heartbeat-interval", "Lease renewal and status report", "10s");
        var gatewayAddress = new EnvironmentFlag("--gateway-address", "where the other members' gateways dial this member's east-west gateway (IP or DNS name); empty: behind NAT");
        var gatewayPort = new EnvironmentFlag("--gateway-port", "the east-west gateway's tunnel port", "15443");
        var addressing = new EnvironmentFlag("--addressing", "how imported endpoints are addressed: Flat (remote pod IPs) or Gateway (the local gateway)", "Flat");
        var gatewayLocal = new EnvironmentFlag("--gateway-local-address", "Gateway addressing: the IP this member's pods reach the gateway at");
        var command = new Command("agent", "Run the agent of one member: join the hub, heartbeats, multi-cluster services, clusterset DNS.");
        foreach (var option in process.Options.Concat([clusterName.Option, hubServer.Option, hubCa.Option, hubCaPem.Option, token.Option, dns.Option, region.Option, zone.Option, labels.Option, heartbeat.Option, gatewayAddress.Option, gatewayPort.Option, addressing.Option, gatewayLocal.Option]))
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
                    HubCa = hubCaPem.Read(parse, environment),
                    BootstrapToken = token.Read(parse, environment),
                    DnsAddress = dns.Read(parse, environment) ?? defaults.DnsAddress,
                    Region = region.Read(parse, environment),
                    Zone = zone.Read(parse, environment),
                    ClusterLabels = ParseLabels(labels.Read(parse, environment)),
                    HeartbeatInterval = heartbeat.ReadDuration(parse, environment, defaults.HeartbeatInterval),
                    GatewayAddress = gatewayAddress.Read(parse, environment),
                    GatewayPort = ParsePort(gatewayPort.Read(parse, environment), defaults.GatewayPort),
                    AddressingMode = addressing.ReadEnum(parse, environment, defaults.AddressingMode),
                    GatewayLocalAddress = gatewayLocal.Read(parse, environment),
                };
                var agent = await AgentHost.StartAsync(options, processOptions, new AgentEnvironment { Process = processEnvironment }, joinTimeout: null, ct).ConfigureAwait(false);
                return new RunningProcess(agent, Task.WhenAny(agent.Left, Task.Delay(Timeout.Infinite, ct)));
            },
            cancellationToken));
        return command;
    }

    private static int ParsePort(string? text, int fallback) =>
        string.IsNullOrEmpty(text)
            ? fallback
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                ? port
                : throw new FormatException($"--gateway-port: '{text}' is not a port (1-65535)");

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
