using System.Diagnostics;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Storage;

/// <summary>
/// A small tmpfs mounted for one test (needs root), to make the disk really full (ENOSPC) under a running server.
/// <see cref="Fill"/> takes every free byte; <see cref="Free"/> gives it back. Disposing unmounts it.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path)
    {
        Path = path;
    }

    public string Path { get; }

    private string FillerPath => System.IO.Path.Combine(Path, "filler");

    /// <summary>Why a small disk cannot be mounted here, or null when it can.</summary>
    public static string? Missing => Environment.UserName == "root" && OperatingSystem.IsLinux() && PeerTools.FindExecutable("mount") is not null
        ? null
        : "mounting a tmpfs needs root on Linux";

    public static SmallDisk Mount(string size = "2m")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tdcc-small-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the disk is full.</summary>
    public void Fill()
    {
        using var filler = new FileStream(FillerPath, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full.
        }

        var one = new byte[1];
        try
        {
            while (true)
            {
                filler.Write(one);
            }
        }
        catch (IOException)
        {
            // Full to the byte.
        }
    }

    public void Free() => File.Delete(FillerPath);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}

/// <summary>A fact that needs <see cref="SmallDisk"/>: skipped with the reason where it cannot mount, except under CI=true, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (!PeerTools.IsCi && SmallDisk.Missing is { } missing)
        {
            Skip = missing + " (it makes the disk really full); runs as root, and under CI=true always (failing if it cannot mount).";
        }
    }
}
