using System.CommandLine;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Hub;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc hub</c>: the hub process (docs/operator.md): registration, the MCS hub, the xDS server, route and policy
/// status, the mesh CA, until SIGTERM.
/// </summary>
internal static class HubCommand
{
    public static Command Create(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var process = new ProcessFlags();
        var xds = new EnvironmentFlag("--xds-address", "where the xDS server (ADS over h2c) listens", "0.0.0.0:15010");
        var clusterSet = new EnvironmentFlag("--clusterset-name", "the clusterset's name", "tdcc");
        var approval = new EnvironmentFlag("--approval", "automatic or manual registration approval", "automatic");
        var heartbeat = new EnvironmentFlag("--heartbeat-timeout", "a member whose Lease was not renewed for this long is Offline", "40s");
        var grace = new EnvironmentFlag("--withdraw-grace-period", "offline this much longer: its exports are withdrawn", "60s");
        var advertised = new EnvironmentFlag("--advertised-server", "the hub API server's URL for push-mode agents (default: the URL this process uses)");
        var xdsAuthentication = new EnvironmentFlag("--xds-authentication", "gateways: gateway nodes must present their cluster's hub token; none: serve every node", "gateways");
        var helm = new EnvironmentFlag("--helm-path", "the helm executable that renders Helm chart feeds", "helm");
        var ociPlainHttp = new EnvironmentFlag("--helm-oci-plain-http", "talk plain HTTP to OCI chart registries", "false");
        var command = new Command("hub", "Run the hub: registration, multi-cluster services, xDS, route and policy status, the mesh CA.");
        foreach (var option in process.Options.Concat([xds.Option, clusterSet.Option, approval.Option, heartbeat.Option, grace.Option, advertised.Option, xdsAuthentication.Option, helm.Option, ociPlainHttp.Option]))
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ProcessRunner.RunAsync(
            "tdcc hub",
            () => process.Read(parse, environment),
            environment,
            async (processOptions, processEnvironment, ct) =>
            {
                var defaults = new HubOptions();
                var options = new HubOptions
                {
                    XdsAddress = xds.Read(parse, environment) ?? defaults.XdsAddress,
                    ClusterSetName = clusterSet.Read(parse, environment) ?? defaults.ClusterSetName,
                    Approval = approval.ReadEnum(parse, environment, ApprovalMode.Automatic),
                    HeartbeatTimeout = heartbeat.ReadDuration(parse, environment, defaults.HeartbeatTimeout),
                    WithdrawGracePeriod = grace.ReadDuration(parse, environment, defaults.WithdrawGracePeriod),
                    AdvertisedServer = advertised.Read(parse, environment),
                    XdsAuthentication = xdsAuthentication.ReadEnum(parse, environment, XdsAuthenticationMode.Gateways),
                    HelmPath = helm.Read(parse, environment) ?? defaults.HelmPath,
                    HelmOciPlainHttp = ociPlainHttp.ReadBool(parse, environment),
                };
                var host = await HubHost.StartAsync(options, processOptions, processEnvironment, ct).ConfigureAwait(false);
                return new RunningProcess(host, Task.Delay(Timeout.Infinite, ct));
            },
            cancellationToken));
        return command;
    }
}
