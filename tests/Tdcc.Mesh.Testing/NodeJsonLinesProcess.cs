using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Xunit.Sdk;

namespace Tdcc.Mesh.Testing;

/// <summary>
/// A script of tests/node run with node, printing one JSON object per line on standard output: the lines are parsed
/// into <typeparamref name="TEvent"/> and queued, standard error keeps a tail for failure messages. The process owns a
/// working directory (for its bootstrap file) that is deleted on dispose; disposing closes standard input, which the
/// scripts take as the signal to stop, and kills the process if it has not exited ten seconds later.
/// </summary>
internal sealed class NodeJsonLinesProcess<TEvent> : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly ConcurrentQueue<TEvent> _events = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly string _directory;

    private NodeJsonLinesProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data) && line.Data.StartsWith('{'))
            {
                _events.Enqueue(JsonSerializer.Deserialize<TEvent>(line.Data, Json)!);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _stderr.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The events parsed so far, in the order they were printed.</summary>
    public IReadOnlyList<TEvent> Events => [.. _events];

    /// <summary>The last 40 lines of standard error.</summary>
    public string Stderr => string.Join('\n', _stderr.TakeLast(40));

    /// <summary>
    /// Starts <c>node &lt;script&gt; &lt;arguments&gt;</c> in tests/node with <paramref name="environment"/> added to
    /// its environment; the process takes ownership of <paramref name="directory"/>.
    /// </summary>
    public static NodeJsonLinesProcess<TEvent> Start(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string directory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(PeerTools.FindExecutable("node")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(PeerTools.RepoRoot, "tests", "node"),
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new NodeJsonLinesProcess<TEvent>(Process.Start(start)!, directory);
    }

    /// <summary>
    /// Polls the events until <paramref name="select"/> returns a value for them, and returns it; fails with the last
    /// events and the standard error tail on timeout or when the process has exited.
    /// </summary>
    public async Task<TResult> WaitForAsync<TResult>(Func<IReadOnlyList<TEvent>, TResult?> select, TimeSpan timeout, string what)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(select);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = Events;
            if (select(events) is { } result)
            {
                return result;
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                var last = string.Join('\n', events.TakeLast(5).Select(e => e?.ToString()));
                throw new XunitException($"timed out waiting for {what}; last events:\n{last}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes one line to the script's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
