using System.Diagnostics;
using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// One nginx master with one worker, in its own prefix directory (configuration, pid, logs, temp files), started in
/// the foreground (<c>daemon off</c>) by this benchmark and stopped by its PID: nothing else is touched.
/// </summary>
internal sealed class NginxInstance : IAsyncDisposable
{
    private static readonly string[] KnownLocations = ["/usr/sbin/nginx", "/usr/bin/nginx"];

    private readonly Process _process;
    private readonly string _executable;

    private NginxInstance(Process process, string executable, string prefix)
    {
        _process = process;
        _executable = executable;
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>The nginx binary on PATH or in /usr/sbin, or null.</summary>
    public static string? FindExecutable() =>
        KnownLocations.Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(dir => Path.Combine(dir, "nginx")))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts nginx with <paramref name="httpBlock"/> as the body of its <c>http {}</c> block and waits until <paramref name="port"/> accepts.</summary>
    public static async Task<NginxInstance> StartAsync(string executable, string prefix, string httpBlock, int port, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var config = Path.Combine(prefix, "nginx.conf");
        var temp = Path.Combine(prefix, "temp");
        await File.WriteAllTextAsync(
            config,
            $$"""
            worker_processes 1;
            daemon off;
            master_process on;
            pid {{Path.Combine(prefix, "nginx.pid")}};
            error_log {{Path.Combine(prefix, "logs", "error.log")}} warn;
            events { worker_connections 8192; multi_accept on; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                keepalive_requests 1000000;
                keepalive_timeout 120s;
                default_type application/octet-stream;
            {{httpBlock}}
            }
            """,
            cancellationToken);
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-p", prefix, "-c", config])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nginx");
        var instance = new NginxInstance(process, executable, prefix);
        await LoadGenerators.WaitForPortAsync(port, process, () => File.ReadAllText(Path.Combine(prefix, "logs", "error.log")), cancellationToken);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // nginx's own fast stop: it signals the master named in this instance's pid file.
            var stop = new ProcessStartInfo(_executable) { UseShellExecute = false, RedirectStandardError = true };
            foreach (var argument in (string[])["-p", Prefix, "-c", Path.Combine(Prefix, "nginx.conf"), "-s", "stop"])
            {
                stop.ArgumentList.Add(argument);
            }

            using (var stopper = Process.Start(stop))
            {
                if (stopper is not null)
                {
                    await stopper.WaitForExitAsync();
                }
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"nginx pid {_process.Id} in {Prefix}");
}
