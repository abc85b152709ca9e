using System.Collections.Concurrent;
using Tdcc.Mesh.ApiServer.Logs;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// What one cluster's kubelet needs to run process pods: the images it runs as processes, the cap on processes, where
/// pod directories live, how pods reach the API server; and the log source the API server's <c>pods/log</c> reads.
/// </summary>
internal sealed class ProcessRuntime(ProcessRuntimeSettings settings, TimeProvider time) : IPodLogSource
{
    private readonly ConcurrentDictionary<string, ProcessWorkload> _workloads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Uid, string Container), ContainerLog> _echoLogs = new();
    private int _processes;

    public ProcessRuntimeSettings Settings => settings;

    public TimeProvider Time => time;

    public int MaxProcesses => settings.MaxProcesses;

    public long MaxLogBytes => settings.MaxLogBytes;

    /// <summary>How many processes run now.</summary>
    public int Processes => Volatile.Read(ref _processes);

    /// <summary>The process image <paramref name="image"/> (a reference with or without tag or digest) belongs to, or null.</summary>
    public ProcessImage? ImageFor(string? image)
    {
        var repository = Repository(image);
        return repository is null ? null : settings.Images.FirstOrDefault(i => string.Equals(i.Repository, repository, StringComparison.Ordinal));
    }

    /// <summary>Takes a process slot; false at the cap.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _processes);
            if (current >= settings.MaxProcesses)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _processes, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _processes);

    public void Register(string uid, ProcessWorkload workload) => _workloads[uid] = workload;

    public void Unregister(string uid, ProcessWorkload workload) => _workloads.TryRemove(new KeyValuePair<string, ProcessWorkload>(uid, workload));

    /// <summary>The process workload of the pod with <paramref name="uid"/>, or null (not a process pod, or gone).</summary>
    public ProcessWorkload? Workload(string uid) => _workloads.GetValueOrDefault(uid);

    /// <summary>Registers the access log of the echo container <paramref name="container"/> of pod <paramref name="uid"/>, so <c>kubectl logs</c> reads it.</summary>
    public void RegisterEchoLog(string uid, string container, ContainerLog log) => _echoLogs[(uid, container)] = log;

    /// <summary>Forgets (and deletes) the echo access logs of pod <paramref name="uid"/>.</summary>
    public void UnregisterEchoLogs(string uid)
    {
        foreach (var key in _echoLogs.Keys.Where(k => k.Uid == uid).ToList())
        {
            if (_echoLogs.TryRemove(key, out var log))
            {
                log.Delete();
            }
        }
    }

    public IPodLog? Open(PodLogRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_workloads.TryGetValue(request.PodUid, out var workload) && workload.Container(request.Container)?.Log(request.Previous) is { } log)
        {
            return log.For(request);
        }

        // An echo container has one instance: there is never a previous one.
        return !request.Previous && _echoLogs.TryGetValue((request.PodUid, request.Container), out var echo) ? echo.For(request) : null;
    }

    /// <summary>The repository of an image reference: without <c>@digest</c> and <c>:tag</c>.</summary>
    public static string? Repository(string? image)
    {
        if (image is null)
        {
            return null;
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at < 0 ? image : image[..at];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[..colon] : withoutDigest;
    }
}
