using System.Diagnostics;
using System.Reflection;

namespace Tdcc.Mesh.Testing;

/// <summary>
/// Finds the external peers tests drive (kubectl, node, promtool, dig, helm, ...).
/// A peer is an executable on PATH or in the repository's <c>.tools/bin</c> (where <c>make deps</c> puts helm), or a
/// node module written as <c>node:&lt;module&gt;</c>, resolved from the repository's <c>tests/node</c> folder.
/// </summary>
public static class PeerTools
{
    /// <summary>True when tests run in CI, where a missing peer is a failure and never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root: the folder holding Tdcc.Mesh.sln, found upwards from the test binary.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The full path of an executable on PATH or in the repository's <c>.tools/bin</c>, or null.</summary>
    public static string? FindExecutable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var tool = Path.Combine(RepoRoot, ".tools", "bin", name);
        return File.Exists(tool) ? tool : null;
    }

    /// <summary>Why a peer is not usable, or null when it is.</summary>
    public static string? Missing(string peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.StartsWith("node:", StringComparison.Ordinal))
        {
            var module = peer["node:".Length..];
            if (FindExecutable("node") is null)
            {
                return "node is not on PATH";
            }

            var modules = Path.Combine(RepoRoot, "tests", "node", "node_modules", module);
            return Directory.Exists(modules) ? null : $"node module {module} is not installed in tests/node (run 'make deps')";
        }

        return FindExecutable(peer) is null ? $"{peer} is not on PATH (run 'make deps')" : null;
    }

    /// <summary>
    /// Why a test driving <paramref name="peers"/> is skipped: null when they are all present, and always null under
    /// <c>CI=true</c>, where the test runs and a missing peer fails it.
    /// </summary>
    public static string? SkipReason(IEnumerable<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        if (IsCi)
        {
            return null;
        }

        var missing = peers.Select(Missing).Where(reason => reason is not null).ToList();
        return missing.Count == 0
            ? null
            : "peer missing outside CI: " + string.Join("; ", missing)
                + ". Runs once the peer is installed ('make deps', which 'make test' runs first); under CI=true it always runs and a missing peer fails it.";
    }

    /// <summary>Runs a peer to completion and returns its exit code, standard output and standard error.</summary>
    public static async Task<PeerResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeoutSource.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        return new PeerResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepoRoot()
    {
        var configured = Environment.GetEnvironmentVariable("TDCC_REPO_ROOT");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "Tdcc.Mesh.sln")))
        {
            return configured;
        }

        var built = typeof(PeerTools).Assembly
            .GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false)
            .OfType<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "TdccRepoRoot")?.Value;
        if (!string.IsNullOrEmpty(built) && File.Exists(Path.Combine(built, "Tdcc.Mesh.sln")))
        {
            return Path.GetFullPath(built);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tdcc.Mesh.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
