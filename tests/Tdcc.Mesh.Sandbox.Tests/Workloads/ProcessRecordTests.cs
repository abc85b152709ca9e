using System.Diagnostics;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Tests.Workloads;

/// <summary>Processes a dead sandbox left behind are killed at the next start, and only those.</summary>
public sealed class ProcessRecordTests : IDisposable
{
    private readonly string _pods = Directory.CreateTempSubdirectory("tdcc-reap-").FullName;

    [Fact]
    public async Task ReapLeftovers_RecordedProcessStillRunning_KilledAndPodDirectoryRemoved()
    {
        using var sleeper = Process.Start("sleep", "600");
        var container = Directory.CreateDirectory(Path.Combine(_pods, "ns_pod_uid", "logs", "main")).FullName;
        ProcessRecord.Write(container, sleeper.Id);

        var killed = ProcessRecord.ReapLeftovers(_pods);

        killed.Should().Be(1);
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await sleeper.WaitForExitAsync(exited.Token);
        Directory.Exists(Path.Combine(_pods, "ns_pod_uid")).Should().BeFalse();
    }

    [Fact]
    public async Task ReapLeftovers_PidReusedByAnotherProcess_LeftAlone()
    {
        using var other = Process.Start("sleep", "600");
        try
        {
            var container = Directory.CreateDirectory(Path.Combine(_pods, "ns_pod_uid", "logs", "main")).FullName;
            await File.WriteAllTextAsync(Path.Combine(container, ProcessRecord.FileName), $"{other.Id} 1");

            var killed = ProcessRecord.ReapLeftovers(_pods);

            killed.Should().Be(0);
            other.HasExited.Should().BeFalse();
        }
        finally
        {
            other.Kill();
        }
    }

    public void Dispose() => Directory.Delete(_pods, recursive: true);
}
