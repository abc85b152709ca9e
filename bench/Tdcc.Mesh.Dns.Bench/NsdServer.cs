using System.Diagnostics;
using System.Globalization;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Bench;

/// <summary>
/// NSD serving the same zone from a private directory: its own port, pidfile, zonesdir and state files,
/// no chroot and no user switch (so it runs unprivileged, or as root without dropping to a missing user),
/// minimal responses and rate limiting off.
/// </summary>
internal sealed class NsdServer : IAsyncDisposable
{
    private static readonly string[] Locations = ["/usr/sbin/nsd", "/usr/local/sbin/nsd", "/usr/bin/nsd"];

    private readonly Process _process;

    private NsdServer(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public static string? FindExecutable() =>
        Locations.FirstOrDefault(File.Exists);

    public static async Task<NsdServer> StartAsync(string nsd, ZoneSnapshot zone, int port, int serverCount, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tdcc-dns-bench-nsd-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        using (var writer = new StreamWriter(Path.Combine(directory, "clusterset.local.zone")))
        {
            zone.WriteZoneFile(writer);
        }

        var config = Path.Combine(directory, "nsd.conf");
        await File.WriteAllTextAsync(config, Config(directory, port, serverCount), cancellationToken).ConfigureAwait(false);
        var check = await ProcessRunner.RunAsync(nsd + "-checkconf", [config], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("nsd-checkconf rejected the config: " + check.Output);
        }

        var start = new ProcessStartInfo(nsd) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-d", "-c", config])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nsd");
        var server = new NsdServer(process, directory, port);
        try
        {
            await server.WaitUntilServingAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string Config(string directory, int port, int serverCount) => string.Create(CultureInfo.InvariantCulture, $"""
        server:
            ip-address: 127.0.0.1
            port: {port}
            server-count: {serverCount}
            username: ""
            chroot: ""
            zonesdir: "{directory}"
            pidfile: "{directory}/nsd.pid"
            database: ""
            xfrdfile: "{directory}/xfrd.state"
            zonelistfile: "{directory}/zone.list"
            logfile: "{directory}/nsd.log"
            verbosity: 0
            hide-version: yes
            reuseport: yes
            # Same answer shape as ours (no NS in authority on positive answers), and no response rate
            # limiting, which would otherwise throttle a benchmark's repeated NXDOMAINs from one address.
            minimal-responses: yes
            rrl-ratelimit: 0
            rrl-whitelist-ratelimit: 0

        remote-control:
            control-enable: no

        zone:
            name: clusterset.local
            zonefile: clusterset.local.zone

        """);

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                var log = Path.Combine(Directory, "nsd.log");
                throw new InvalidOperationException("nsd exited: " + await _process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                    + (File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false) : string.Empty));
            }

            var probe = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port, "+short", "+tries=1", "+time=1", "clusterset.local", "SOA"], TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            if (probe.ExitCode == 0 && probe.Output.Contains("hostmaster", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("nsd did not start answering");
    }
}
