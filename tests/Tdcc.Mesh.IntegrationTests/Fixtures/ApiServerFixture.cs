using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer;

namespace Tdcc.Mesh.IntegrationTests.Fixtures;

/// <summary>
/// A started <see cref="KubeApiServer"/> plus a private home directory holding a kubeconfig written for it.
/// Use it as an xunit class or collection fixture; tests sharing it isolate themselves with <see cref="CreateNamespace"/>.
/// Peers get <see cref="Environment"/> (KUBECONFIG and HOME point into the fixture's directory, so kubectl's discovery
/// cache never leaks between servers).
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("tdcc-apiserver-");
    private KubeApiServer? _server;
    private int _namespaces;

    /// <summary>The running server.</summary>
    public KubeApiServer Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <summary>A scratch directory that lives as long as the fixture (the peers' HOME).</summary>
    public string HomeDirectory => _home.FullName;

    /// <summary>The kubeconfig file for <see cref="Server"/>.</summary>
    public string KubeconfigPath => Path.Combine(_home.FullName, ".kube", "config");

    /// <summary>Environment variables for peer processes: KUBECONFIG and HOME.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["KUBECONFIG"] = KubeconfigPath,
        ["HOME"] = _home.FullName,
    };

    /// <summary>The cluster name the server reports.</summary>
    public const string ClusterName = "fidelity";

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = ClusterName });
        Directory.CreateDirectory(Path.GetDirectoryName(KubeconfigPath)!);
        await KubeconfigFile.WriteAsync(KubeconfigPath, _server.BaseAddress);
    }

    /// <summary>Creates a fresh namespace (in-process) whose name starts with <paramref name="prefix"/>, and returns its name.</summary>
    public string CreateNamespace(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        Server.Store.CreateObject("v1", "namespaces", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name },
        });
        return name;
    }

    /// <summary>Writes a file into the fixture's directory and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_home.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _home.Delete(recursive: true);
    }
}
