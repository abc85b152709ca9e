using System.Diagnostics;
using System.Text;
using Tdcc.Mesh.IntegrationTests.Fixtures;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>A <c>kubectl get -w</c> running in the background; the test reads what it printed so far and stops it.</summary>
internal sealed class KubectlWatch : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private KubectlWatch(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far (standard error lines prefixed with <c>stderr: </c>).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static KubectlWatch Start(ApiServerFixture fixture, params string[] arguments)
    {
        var start = new ProcessStartInfo(Kubectl.Peer)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = fixture.HomeDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in fixture.Environment)
        {
            start.Environment[key] = value;
        }

        return new KubectlWatch(Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl"));
    }

    /// <summary>Waits until the output satisfies <paramref name="condition"/>; fails with the output so far after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var output = Output;
            if (condition(output))
            {
                return output;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"kubectl watch output did not reach the expected state; exited={_process.HasExited}; output so far:\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
