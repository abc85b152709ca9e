using System.Runtime.InteropServices;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>kill(2) for the processes the kubelet started: SIGTERM then SIGKILL, to the process group when it leads one.</summary>
internal static partial class ProcessSignals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to the process group <paramref name="pid"/> leads, or to the process alone.</summary>
    public static void Send(int pid, int signal, bool group)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (group && NativeKill(-pid, signal) == 0)
        {
            return;
        }

        _ = NativeKill(pid, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int NativeKill(int pid, int signal);
}
