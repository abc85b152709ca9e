namespace Tdcc.Mesh.Testing;

/// <summary>Where the built <c>tdcc</c> CLI is, for tests that run it as a child process (<c>dotnet &lt;path&gt; ...</c>).</summary>
public static class TdccCli
{
    /// <summary>tdcc.dll beside the test assembly when the test project references the CLI, else in the CLI's own build output of the same configuration.</summary>
    public static string AssemblyPath()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "tdcc.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "tdcc.runtimeconfig.json")))
        {
            return local;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Tdcc.Mesh.Cli", configuration, "tdcc.dll"));
    }
}
