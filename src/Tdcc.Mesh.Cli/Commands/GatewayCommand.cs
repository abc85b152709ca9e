using System.CommandLine;
using Spectre.Console;
using Tdcc.Mesh.Gateway.Hosting;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc gateway</c>: the east-west gateway of one member (docs/gateway.md): its certificate from the hub by signing
/// request, its configuration from the hub's xDS server, the tunnels and listeners, until SIGTERM. <c>tdcc gateway
/// status</c> shows a running gateway's peers, tunnels and traffic.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create(IAnsiConsole console, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var process = new ProcessFlags();
        var clusterName = new EnvironmentFlag("--cluster-name", "the member's name on the hub (required)");
        var hubServer = new EnvironmentFlag("--hub-server", "the hub API server's URL (required)");
        var hubCa = new EnvironmentFlag("--hub-ca-file", "CA bundle of the hub API server (https)");
        var hubCaPem = new EnvironmentFlag("--hub-ca", "CA bundle of the hub API server as PEM text (wins over --hub-ca-file)");
        var xds = new EnvironmentFlag("--xds-server", "the hub's xDS server URL, e.g. http://hub:15010 (required)");
        var tunnel = new EnvironmentFlag("--tunnel-address", "where the mutual-TLS tunnel port listens", "0.0.0.0:15443");
        var outbound = new EnvironmentFlag("--outbound-address", "the address the per-service outbound ports bind", "0.0.0.0");
        var trustDomain = new EnvironmentFlag("--trust-domain", "the clusterset's SPIFFE trust domain", "clusterset.local");
        var region = new EnvironmentFlag("--region", "the member's region (xDS locality)");
        var zone = new EnvironmentFlag("--zone", "the member's zone (xDS locality)");
        var reverseTunnel = new EnvironmentFlag("--reverse-tunnel", "behind NAT (no one can dial this gateway): dial a reverse tunnel to every peer gateway and serve its traffic on it", "false");
        var ingress = new EnvironmentFlag("--ingress", "ingress mode (docs/ingress.md): also run the Gateway API controller against this member's API server and serve the listeners of the Gateways of class tdcc.io/gateway-controller", "false");
        var ingressAddress = new EnvironmentFlag("--ingress-address", "the address the ingress listener ports bind", "0.0.0.0");
        var ingressStatusAddresses = new EnvironmentFlag("--ingress-status-address", "comma-separated addresses written into the Gateways' status.addresses (default: --ingress-address when it is a specific address)");
        var ingressInstallCrds = new EnvironmentFlag("--ingress-install-crds", "install the Gateway API CRDs into the member before watching (the chart installs them otherwise)", "false");
        var command = new Command("gateway", "Run the east-west gateway of one member: mutual-TLS tunnels to the other members' gateways, configured by the hub.");
        foreach (var option in process.Options.Concat([clusterName.Option, hubServer.Option, hubCa.Option, hubCaPem.Option, xds.Option, tunnel.Option, outbound.Option, trustDomain.Option, region.Option, zone.Option, reverseTunnel.Option, ingress.Option, ingressAddress.Option, ingressStatusAddresses.Option, ingressInstallCrds.Option]))
        {
            command.Options.Add(option);
        }

        command.Subcommands.Add(GatewayStatusCommand.Create(console));
        command.SetAction((parse, cancellationToken) => ProcessRunner.RunAsync(
            "tdcc gateway",
            () => process.Read(parse, environment),
            environment,
            async (processOptions, processEnvironment, ct) =>
            {
                var defaults = new GatewayOptions { ClusterName = "x", HubServer = "x", XdsServer = "x" };
                var options = new GatewayOptions
                {
                    ClusterName = clusterName.Read(parse, environment) ?? throw new FormatException("--cluster-name is required (or TDCC_CLUSTER_NAME)"),
                    HubServer = hubServer.Read(parse, environment) ?? throw new FormatException("--hub-server is required (or TDCC_HUB_SERVER)"),
                    HubCaFile = hubCa.Read(parse, environment),
                    HubCa = hubCaPem.Read(parse, environment),
                    XdsServer = xds.Read(parse, environment) ?? throw new FormatException("--xds-server is required (or TDCC_XDS_SERVER)"),
                    TunnelAddress = tunnel.Read(parse, environment) ?? defaults.TunnelAddress,
                    OutboundAddress = outbound.Read(parse, environment) ?? defaults.OutboundAddress,
                    TrustDomain = trustDomain.Read(parse, environment) ?? defaults.TrustDomain,
                    Region = region.Read(parse, environment),
                    Zone = zone.Read(parse, environment),
                    ReverseTunnel = reverseTunnel.ReadBool(parse, environment),
                    Ingress = ingress.ReadBool(parse, environment),
                    IngressAddress = ingressAddress.Read(parse, environment) ?? defaults.IngressAddress,
                    IngressStatusAddresses = (ingressStatusAddresses.Read(parse, environment) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    IngressInstallCrds = ingressInstallCrds.ReadBool(parse, environment),
                };
                var gateway = await GatewayHost.StartAsync(options, processOptions, processEnvironment, ct).ConfigureAwait(false);
                return new RunningProcess(gateway, Task.Delay(Timeout.Infinite, ct));
            },
            cancellationToken));
        return command;
    }
}
