using Tdcc.Mesh.Sandbox.Mesh;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// Where <c>tdcc sandbox up --mesh helm</c> finds the chart and helm: <c>charts/tdcc-mesh</c> in the working directory or
/// a directory above it (or above the tdcc binary), and helm in that checkout's <c>.tools/bin</c> (where
/// <c>make deps</c> puts it) or on PATH.
/// </summary>
internal static class MeshInstallation
{
    /// <summary>The default mode: helm for sandboxes a process per pod fits (up to this many members), in process above.</summary>
    public const int HelmMaxMembers = 10;

    public static string? FindChart()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var chart = Path.Combine(directory.FullName, "charts", "tdcc-mesh");
                if (File.Exists(Path.Combine(chart, "Chart.yaml")))
                {
                    return chart;
                }
            }
        }

        return null;
    }

    public static string? FindHelm(string? chart)
    {
        if (chart is not null)
        {
            var local = Path.GetFullPath(Path.Combine(chart, "..", "..", ".tools", "bin", "helm"));
            if (File.Exists(local))
            {
                return local;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, "helm"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The mode for <paramref name="requested"/> (null: auto), or an error sentence when helm mode cannot run.</summary>
    public static (MeshMode Mode, string? Chart, string? Helm, string? Error) Resolve(MeshMode? requested, int members)
    {
        var mode = requested ?? (members <= HelmMaxMembers ? MeshMode.Helm : MeshMode.InProcess);
        if (mode != MeshMode.Helm)
        {
            // The in-process hub still renders Helm chart feeds with helm when it is found.
            return (mode, null, FindHelm(FindChart()), null);
        }

        var chart = FindChart();
        var helm = FindHelm(chart);
        if (chart is null || helm is null)
        {
            var missing = chart is null ? "the chart charts/tdcc-mesh (run from the repository)" : "helm (make deps puts it in .tools/bin)";
            return requested is null
                ? (MeshMode.InProcess, null, helm, null)
                : (mode, null, null, $"--mesh helm needs {missing}");
        }

        return (mode, chart, helm, null);
    }
}
