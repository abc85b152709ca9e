namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>Finds the command line that runs the local <c>tdcc</c> CLI, whether the sandbox runs inside it or inside a test host.</summary>
public static class TdccCommand
{
    private const string Assembly = "tdcc.dll";

    /// <summary>
    /// In order: this process when it is tdcc (its apphost, or <c>dotnet tdcc.dll</c>); <c>tdcc.dll</c> next to this
    /// process's assemblies; <c>artifacts/bin/Tdcc.Mesh.Cli/{debug,release}/tdcc.dll</c> in a directory above them.
    /// Null when none exists.
    /// </summary>
    public static IReadOnlyList<string>? Find()
    {
        var processPath = Environment.ProcessPath;
        var entry = System.Reflection.Assembly.GetEntryAssembly();
        if (entry?.GetName().Name == "tdcc" && processPath is not null)
        {
            if (string.Equals(Path.GetFileNameWithoutExtension(processPath), "tdcc", StringComparison.Ordinal))
            {
                return [processPath];
            }

            if (!string.IsNullOrEmpty(entry.Location))
            {
                return [processPath, entry.Location];
            }
        }

        var beside = Path.Combine(AppContext.BaseDirectory, Assembly);
        if (File.Exists(beside))
        {
            return [Dotnet(processPath), beside];
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var configuration in new[] { "debug", "release", "Debug", "Release" })
            {
                var built = Path.Combine(directory.FullName, "artifacts", "bin", "Tdcc.Mesh.Cli", configuration, Assembly);
                if (File.Exists(built))
                {
                    return [Dotnet(processPath), built];
                }
            }
        }

        return null;
    }

    /// <summary>The dotnet host: this process's when it is dotnet, else <c>dotnet</c> from PATH.</summary>
    private static string Dotnet(string? processPath) =>
        processPath is not null && string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.Ordinal) ? processPath : "dotnet";
}
