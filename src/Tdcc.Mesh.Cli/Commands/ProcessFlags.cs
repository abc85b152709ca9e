using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Hosting.Configuration;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>The flags every process takes (docs/operator.md, "Flags common to both processes"), bound to <see cref="ProcessOptions"/>.</summary>
internal sealed class ProcessFlags
{
    private readonly EnvironmentFlag _kubeconfig = new("--kubeconfig", "kubeconfig of the cluster the process runs in; without it, $KUBECONFIG, else in-cluster config");
    private readonly EnvironmentFlag _context = new("--context", "kubeconfig context");
    private readonly EnvironmentFlag _http = new("--http-address", "where /healthz, /readyz and /metrics are served", "0.0.0.0:8080");
    private readonly EnvironmentFlag _logFormat = new("--log-format", "text or json", "text");
    private readonly EnvironmentFlag _logLevel = new("--log-level", "Trace, Debug, Information, Warning, Error", "Information");
    private readonly EnvironmentFlag _leaderElect = new("--leader-elect", "Lease leader election among replicas", "true");
    private readonly EnvironmentFlag _leaseNamespace = new("--leader-election-namespace", "namespace of the Lease (default: the pod's)");
    private readonly EnvironmentFlag _leaseId = new("--leader-election-id", "name of the Lease");
    private readonly EnvironmentFlag _leaseDuration = new("--lease-duration", "how long a leader's Lease is valid", "15s");
    private readonly EnvironmentFlag _renewDeadline = new("--renew-deadline", "how long the leader retries renewing before it steps down", "10s");
    private readonly EnvironmentFlag _retryPeriod = new("--retry-period", "time between election attempts", "2s");

    public IEnumerable<Option> Options =>
        new[] { _kubeconfig, _context, _http, _logFormat, _logLevel, _leaderElect, _leaseNamespace, _leaseId, _leaseDuration, _renewDeadline, _retryPeriod }.Select(f => (Option)f.Option);

    /// <summary>The options; throws <see cref="FormatException"/> naming the flag that is wrong.</summary>
    public ProcessOptions Read(ParseResult parse, Func<string, string?> environment)
    {
        var defaults = new ProcessOptions();
        return new ProcessOptions
        {
            Kubeconfig = _kubeconfig.Read(parse, environment),
            Context = _context.Read(parse, environment),
            HttpAddress = _http.Read(parse, environment) ?? defaults.HttpAddress,
            LogFormat = _logFormat.ReadEnum(parse, environment, LogFormat.Text),
            LogLevel = _logLevel.ReadEnum(parse, environment, LogLevel.Information),
            LeaderElect = _leaderElect.ReadBool(parse, environment),
            LeaderElectionNamespace = _leaseNamespace.Read(parse, environment),
            LeaderElectionId = _leaseId.Read(parse, environment),
            LeaseDuration = _leaseDuration.ReadDuration(parse, environment, defaults.LeaseDuration),
            RenewDeadline = _renewDeadline.ReadDuration(parse, environment, defaults.RenewDeadline),
            RetryPeriod = _retryPeriod.ReadDuration(parse, environment, defaults.RetryPeriod),
        };
    }
}
