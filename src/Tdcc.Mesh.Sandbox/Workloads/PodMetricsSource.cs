using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Tdcc.Mesh.ApiServer.Metrics;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// The kubelet's usage figures for <c>metrics.k8s.io</c> (kubectl top). Process pods report their real process:
/// CPU from the utime+stime delta between two reads at least <see cref="Window"/> apart (the first read averages over the
/// process's life), memory from its resident set. In-process pods (echo) report a simulated usage that is stable per
/// container and derived from its requests: a tenth of the CPU request (2m without one), 55% of the memory request
/// (14Mi without one), each with a fixed per-container offset.
/// </summary>
internal sealed class PodMetricsSource(ProcessRuntime runtime, TimeProvider time) : IPodMetricsSource
{
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<int, Sample> _samples = new();

    public TimeSpan Window { get; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<ContainerUsage>? Usage(PodMetricsRequest pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var now = time.GetTimestamp();
        Prune(now);
        var workload = runtime.Workload(pod.Uid);
        return [.. pod.Containers.Select(c => workload is null ? Simulated(pod.Uid, c) : Measured(workload, c, now))];
    }

    private static ContainerUsage Simulated(string uid, ContainerRequest container)
    {
        var hash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(uid + "/" + container.Name)));
        var cpuMillis = container.CpuMillis > 0 ? Math.Max(1, container.CpuMillis / 10) : 2;
        var memory = container.MemoryBytes > 0 ? container.MemoryBytes * 55 / 100 : 14L * 1024 * 1024;
        var cpu = (cpuMillis * 1_000_000) + (long)(hash % 1_000_000);
        memory += (long)(hash >> 32) % (2L * 1024 * 1024);
        return new ContainerUsage(container.Name, cpu, memory / 1024 * 1024);
    }

    private ContainerUsage Measured(ProcessWorkload workload, ContainerRequest container, long now)
    {
        if (workload.Container(container.Name)?.Pid is not { } pid || ProcessUsage.CpuTimes(pid) is not { } times)
        {
            return new ContainerUsage(container.Name, 0, 0);
        }

        var memory = ProcessUsage.ResidentBytes(pid) ?? 0;
        long cpu;
        if (_samples.TryGetValue(pid, out var previous))
        {
            var elapsed = time.GetElapsedTime(previous.Timestamp, now);
            if (elapsed < Window)
            {
                _samples[pid] = previous with { LastUsed = now };
                return new ContainerUsage(container.Name, previous.NanoCores, memory);
            }

            cpu = (long)(Math.Max(0, times.CpuSeconds - previous.CpuSeconds) / elapsed.TotalSeconds * 1e9);
        }
        else
        {
            cpu = times.AgeSeconds > 0 ? (long)(times.CpuSeconds / times.AgeSeconds * 1e9) : 0;
        }

        _samples[pid] = new Sample(now, times.CpuSeconds, cpu, now);
        return new ContainerUsage(container.Name, cpu, memory);
    }

    /// <summary>Forgets processes nobody asked about for a while (bounded memory as pods come and go).</summary>
    private void Prune(long now)
    {
        foreach (var (pid, sample) in _samples)
        {
            if (time.GetElapsedTime(sample.LastUsed, now) > Forget)
            {
                _samples.TryRemove(new KeyValuePair<int, Sample>(pid, sample));
            }
        }
    }

    private sealed record Sample(long Timestamp, double CpuSeconds, long NanoCores, long LastUsed);
}
