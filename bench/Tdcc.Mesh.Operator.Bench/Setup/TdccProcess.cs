using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tdcc.Mesh.Hosting.Processes;

namespace Tdcc.Mesh.Operator.Bench.Setup;

/// <summary>
/// A real <c>tdcc</c> process (<c>dotnet tdcc.dll &lt;verb&gt; ...</c>), its output drained (the last lines kept for
/// errors), its <c>/readyz</c> polled, stopped with SIGTERM as the kubelet stops a pod.
/// </summary>
internal sealed class TdccProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Uri _readyz;

    private TdccProcess(Process process, int httpPort)
    {
        _process = process;
        _readyz = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}/readyz"));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (standard output and error).</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static TdccProcess Start(IEnumerable<string> arguments, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(AssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("KUBECONFIG");
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        start.Environment["TDCC_HTTP_ADDRESS"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{httpPort}");

        // The runtime settings the chart's Deployment gives the pod (RuntimeSettings), so the bench measures what runs.
        foreach (var (name, value) in RuntimeSettings.Environment)
        {
            start.Environment[name] = value;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var tdcc = new TdccProcess(process, httpPort);
        process.OutputDataReceived += (_, e) => tdcc.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => tdcc.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tdcc;
    }

    /// <summary>
    /// tdcc.dll: beside this assembly (the bench references the CLI), else the CLI's build output in the repository's
    /// artifacts (this configuration first, then release, then debug).
    /// </summary>
    public static string AssemblyPath()
    {
        var here = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(here, "tdcc.dll")) && File.Exists(Path.Combine(here, "tdcc.runtimeconfig.json")))
        {
            return Path.Combine(here, "tdcc.dll");
        }

        var configuration = new DirectoryInfo(here).Name;
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var cli = Path.Combine(dir.FullName, "artifacts", "bin", "Tdcc.Mesh.Cli");
            foreach (var candidate in new[] { configuration, "release", "debug" })
            {
                var dll = Path.Combine(cli, candidate, "tdcc.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }
        }

        throw new InvalidOperationException($"tdcc.dll not found beside {here} nor in artifacts/bin/Tdcc.Mesh.Cli: build src/Tdcc.Mesh.Cli");
    }

    /// <summary>Waits until <c>/readyz</c> answers 200; throws with the process's last lines when it exits or times out.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tdcc exited with {_process.ExitCode} before it was ready:\n{Tail}");
            }

            try
            {
                using var response = await http.GetAsync(_readyz, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The probe took longer than the client's timeout (a starting process on a busy machine): ask again.
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"tdcc was not ready within {timeout}:\n{Tail}");
    }

    /// <summary>SIGTERM, then waits for the exit (killed after 30 s).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var exit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        exit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
