using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>
/// A sandbox API server started for one test, and kubectl and helm pointed at it: a kubeconfig, HOME and helm's
/// directories in a temporary directory, so the user's own are never read or written.
/// </summary>
internal sealed class ApiServerSession : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private ApiServerSession(KubeApiServer server, DirectoryInfo directory)
    {
        Server = server;
        _directory = directory;
        Environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = Path.Combine(directory.FullName, "config"),
            ["HOME"] = directory.FullName,
            ["HELM_CACHE_HOME"] = Path.Combine(directory.FullName, "helm", "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(directory.FullName, "helm", "config"),
            ["HELM_DATA_HOME"] = Path.Combine(directory.FullName, "helm", "data"),
        };
    }

    public KubeApiServer Server { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<ApiServerSession> StartAsync()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "chart" });
        var directory = Directory.CreateTempSubdirectory("tdcc-chart-");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "config"), $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {server: "{{server.BaseAddress.GetLeftPart(UriPartial.Authority)}}"}
              name: chart
            contexts:
            - context: {cluster: chart, user: chart}
              name: chart
            current-context: chart
            users:
            - name: chart
              user: {token: test}
            """);
        return new ApiServerSession(server, directory);
    }

    /// <summary>Runs kubectl, feeding <paramref name="stdin"/> when given.</summary>
    public Task<PeerResult> KubectlAsync(string? stdin, params string[] arguments) =>
        PeerTools.RunAsync("kubectl", arguments, stdin, environment: Environment, timeout: TimeSpan.FromSeconds(90));

    /// <summary>Runs kubectl and expects it to succeed; returns its standard output.</summary>
    public async Task<string> KubectlOkAsync(string? stdin, params string[] arguments)
    {
        var result = await KubectlAsync(stdin, arguments);
        result.ExitCode.Should().Be(0, "kubectl {0} should succeed\n{1}", string.Join(' ', arguments), result);
        return result.StandardOutput;
    }

    /// <summary>Runs helm against the server.</summary>
    public Task<PeerResult> HelmAsync(params string[] arguments) => Helm.RunAsync(Environment, arguments);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
