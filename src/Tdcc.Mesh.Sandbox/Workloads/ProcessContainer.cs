using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// One container run as a local process, the way the kubelet runs it: start, capture stdout and stderr to a bounded
/// log, run the probes, and on exit restart per the pod's restartPolicy with CrashLoopBackOff (10 s doubling, capped at
/// 5 min, reset after 10 min of running). Stopping sends SIGTERM, waits the grace period, then SIGKILLs the process tree.
/// </summary>
internal sealed partial class ProcessContainer : IAsyncDisposable
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BackoffReset = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LimitRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MinimumProbePeriod = TimeSpan.FromSeconds(1);

    private readonly ContainerLaunch _launch;
    private readonly string _restartPolicy;
    private readonly string _podLabel;
    private readonly string _logDirectory;
    private readonly IPAddress _podIP;
    private readonly IClusterNetwork _network;
    private readonly ProcessRuntime _runtime;
    private readonly Action _changed;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _commandLine;
    private readonly object _gate = new();
    private Task _loop = Task.CompletedTask;
    private Process? _process;
    private ContainerLog? _current;
    private ContainerLog? _previous;
    private ContainerSnapshot _snapshot;
    private int _disposed;

    public ProcessContainer(ContainerLaunch launch, string restartPolicy, string podLabel, string logDirectory, IPAddress podIP, IClusterNetwork network, ProcessRuntime runtime, Action changed, ILogger logger)
    {
        _launch = launch;
        _restartPolicy = restartPolicy;
        _podLabel = podLabel;
        _logDirectory = logDirectory;
        _podIP = podIP;
        _network = network;
        _runtime = runtime;
        _changed = changed;
        _logger = logger;
        _snapshot = new ContainerSnapshot(launch.Name, ContainerState.Creating, null, 0, false, false);
        _commandLine = string.Join(' ', launch.Argv);
    }

    public string Name => _launch.Name;

    public ContainerSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>The pid of the running instance, or null.</summary>
    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _process is { } p && !HasExited(p) ? p.Id : null;
            }
        }
    }

    /// <summary>The log of the running (or last) instance, or with <paramref name="previous"/> the one before it.</summary>
    public ContainerLog? Log(bool previous)
    {
        lock (_gate)
        {
            return previous ? _previous : _current;
        }
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);

    /// <summary>SIGTERM, up to <paramref name="grace"/> for the process to exit, then SIGKILL of its tree; no restarts after.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await TerminateAsync(grace).ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        lock (_gate)
        {
            _current?.Delete();
            _previous?.Delete();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var restarts = 0;
        var backoff = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            if (!_runtime.TryAcquire())
            {
                Update(s => s with { State = new ContainerState(ContainerStateKind.Waiting, "ProcessLimitReached", $"the sandbox runs at most {_runtime.MaxProcesses} processes (SandboxOptions.MaxProcesses); retrying every {LimitRetry.TotalSeconds:0} s") });
                if (!await DelayAsync(LimitRetry, stopping).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            ContainerState terminated;
            try
            {
                terminated = await RunOnceAsync(restarts, stopping).ConfigureAwait(false);
            }
            finally
            {
                _runtime.Release();
            }

            if (stopping.IsCancellationRequested)
            {
                Update(s => s with { State = terminated, Ready = false });
                return;
            }

            var restart = _restartPolicy switch
            {
                "Never" => false,
                "OnFailure" => terminated.ExitCode != 0,
                _ => true,
            };
            if (!restart)
            {
                Update(s => s with { State = terminated, Ready = false });
                return;
            }

            var ran = (terminated.FinishedAt ?? DateTimeOffset.MinValue) - (terminated.StartedAt ?? DateTimeOffset.MinValue);
            backoff = ran >= BackoffReset || backoff == TimeSpan.Zero && restarts == 0 ? TimeSpan.Zero
                : backoff == TimeSpan.Zero ? InitialBackoff
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            restarts++;
            if (backoff > TimeSpan.Zero)
            {
                var seconds = backoff.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                Update(s => s with
                {
                    State = new ContainerState(ContainerStateKind.Waiting, "CrashLoopBackOff", $"back-off {seconds}s restarting failed container={_launch.Name} pod={_podLabel}"),
                    LastTerminated = terminated,
                    RestartCount = restarts,
                    Ready = false,
                    Started = false,
                });
                if (!await DelayAsync(backoff, stopping).ConfigureAwait(false))
                {
                    return;
                }
            }
            else
            {
                Update(s => s with { LastTerminated = terminated, RestartCount = restarts, Ready = false, Started = false });
            }
        }
    }

    /// <summary>Starts one instance and waits for its end; the terminated state it ended in.</summary>
    private async Task<ContainerState> RunOnceAsync(int restarts, CancellationToken stopping)
    {
        var log = new ContainerLog(Path.Combine(_logDirectory, restarts.ToString(CultureInfo.InvariantCulture) + ".log"), _runtime.MaxLogBytes, _runtime.Time);
        lock (_gate)
        {
            _previous?.Delete();
            _previous = _current;
            _current = log;
        }

        var started = _runtime.Time.GetUtcNow();
        Process process;
        try
        {
            process = Launch();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            log.Append("stderr", e.Message);
            log.Close();
            LogStartFailed(_logger, _podLabel, _launch.Name, e.Message);
            return new ContainerState(ContainerStateKind.Terminated, "StartError", e.Message, 128, started, _runtime.Time.GetUtcNow());
        }

        var containerId = "process://" + process.Id.ToString(CultureInfo.InvariantCulture);
        ProcessRecord.Write(_logDirectory, process.Id);
        lock (_gate)
        {
            _process = process;
        }

        LogStarted(_logger, _podLabel, _launch.Name, process.Id, _commandLine);
        var stdout = PumpAsync(process.StandardOutput, "stdout", log);
        var stderr = PumpAsync(process.StandardError, "stderr", log);
        Update(s => s with
        {
            State = new ContainerState(ContainerStateKind.Running, StartedAt: started, ContainerId: containerId),
            Started = true,
            Ready = _launch.Readiness is null,
        });

        using var instance = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var probes = new List<Task>();
        if (_launch.Readiness is { } readiness)
        {
            probes.Add(ProbeLoopAsync(readiness, liveness: false, instance.Token));
        }

        if (_launch.Liveness is { } liveness)
        {
            probes.Add(ProbeLoopAsync(liveness, liveness: true, instance.Token));
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await instance.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(probes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Output still buffered in the pipes is drained; a grandchild holding them open is not waited for long.
        await Task.WhenAll(stdout, stderr).WaitAsync(OutputDrain, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        log.Close();
        var exitCode = process.ExitCode;
        lock (_gate)
        {
            _process = null;
        }

        process.Dispose();
        ProcessRecord.Delete(_logDirectory);
        LogExited(_logger, _podLabel, _launch.Name, exitCode);
        return new ContainerState(ContainerStateKind.Terminated, exitCode == 0 ? "Completed" : "Error", null, exitCode, started, _runtime.Time.GetUtcNow(), containerId);
    }

    private Process Launch()
    {
        var argv = new List<string>();
        if (_launch.NetworkNamespace is { } ns)
        {
            argv.AddRange(["ip", "netns", "exec", ns]);
        }

        argv.AddRange(_launch.Argv);
        var info = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _launch.WorkingDirectory,
        };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        // A container starts with its own environment, not the sandbox's: only what runs the binary is kept.
        var inherited = info.Environment.Where(e => e.Key is "PATH" or "DOTNET_ROOT" or "LANG" or "TMPDIR" || e.Key.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)).ToList();
        info.Environment.Clear();
        foreach (var (key, value) in inherited)
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in _launch.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {argv[0]}");
        process.StandardInput.Close();
        return process;
    }

    private static async Task PumpAsync(StreamReader reader, string stream, ContainerLog log)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                log.Append(stream, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us: the process is gone.
        }
    }

    private async Task ProbeLoopAsync(ContainerProbe probe, bool liveness, CancellationToken cancellationToken)
    {
        var period = probe.Period < MinimumProbePeriod ? MinimumProbePeriod : probe.Period;
        var successes = 0;
        var failures = 0;
        if (!await DelayAsync(probe.InitialDelay, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            bool ok;
            try
            {
                ok = await probe.RunAsync(_podIP, _network, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            successes = ok ? successes + 1 : 0;
            failures = ok ? 0 : failures + 1;
            if (liveness)
            {
                if (failures >= Math.Max(1, probe.FailureThreshold))
                {
                    LogLivenessFailed(_logger, _podLabel, _launch.Name, failures);
                    _ = TerminateAsync(_launch.TerminationGrace);
                    return;
                }
            }
            else if (ok && successes >= Math.Max(1, probe.SuccessThreshold))
            {
                Update(s => s.Ready || s.State.Kind != ContainerStateKind.Running ? s : s with { Ready = true });
            }
            else if (!ok && failures >= Math.Max(1, probe.FailureThreshold))
            {
                Update(s => s.Ready ? s with { Ready = false } : s);
            }

            if (!await DelayAsync(period, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task TerminateAsync(TimeSpan grace)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is null || HasExited(process))
        {
            return;
        }

        ProcessSignals.Send(process.Id, ProcessSignals.Terminate, group: false);
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            LogKilled(_logger, _podLabel, _launch.Name, grace.TotalSeconds);
        }
        catch (InvalidOperationException)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited meanwhile.
        }
    }

    private void Update(Func<ContainerSnapshot, ContainerSnapshot> change)
    {
        bool changed;
        lock (_gate)
        {
            var next = change(_snapshot);
            changed = next != _snapshot;
            _snapshot = next;
        }

        if (changed)
        {
            _changed();
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return !cancellationToken.IsCancellationRequested;
        }

        try
        {
            await Task.Delay(delay, _runtime.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    [LoggerMessage(EventId = 7500, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} started as process {Pid}: {CommandLine}")]
    private static partial void LogStarted(ILogger logger, string pod, string container, int pid, string commandLine);

    [LoggerMessage(EventId = 7501, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string pod, string container, int exitCode);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Warning, Message = "Pod {Pod}: container {Container} could not start: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string pod, string container, string error);

    [LoggerMessage(EventId = 7503, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} failed its liveness probe {Failures} times; restarting it")]
    private static partial void LogLivenessFailed(ILogger logger, string pod, string container, int failures);

    [LoggerMessage(EventId = 7504, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} did not exit within {GraceSeconds} s of SIGTERM; killed")]
    private static partial void LogKilled(ILogger logger, string pod, string container, double graceSeconds);
}
