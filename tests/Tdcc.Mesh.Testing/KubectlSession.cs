namespace Tdcc.Mesh.Testing;

/// <summary>
/// kubectl pointed at one API server: a kubeconfig (with a placeholder token) and HOME in a temporary directory, so
/// the user's own kubeconfig and cache are never read or written; the directory goes with the session.
/// </summary>
public sealed class KubectlSession : IDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly Dictionary<string, string> _environment;

    private KubectlSession(DirectoryInfo directory, string kubeconfig)
    {
        _directory = directory;
        _environment = new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, ["HOME"] = directory.FullName };
        KubeconfigPath = kubeconfig;
    }

    /// <summary>The kubeconfig's path (for commands of ours that take <c>--kubeconfig</c>).</summary>
    public string KubeconfigPath { get; }

    /// <summary>Writes a kubeconfig whose only context, <paramref name="name"/>, is <paramref name="server"/>.</summary>
    public static Task<KubectlSession> StartAsync(Uri server, string name = "test") => StartAsync(server, null, null, name);

    /// <summary>
    /// Writes a kubeconfig whose only context, <paramref name="name"/>, is <paramref name="server"/>, trusting
    /// <paramref name="certificateAuthorityPem"/> (https) and sending <paramref name="token"/> (kubectl sends a bearer
    /// token only over https; a placeholder when null).
    /// </summary>
    public static async Task<KubectlSession> StartAsync(Uri server, string? certificateAuthorityPem, string? token, string name = "test")
    {
        ArgumentNullException.ThrowIfNull(server);
        var directory = Directory.CreateTempSubdirectory("tdcc-kubectl-");
        var kubeconfig = Path.Combine(directory.FullName, "config");
        var ca = certificateAuthorityPem is null ? string.Empty : ", certificate-authority-data: " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificateAuthorityPem));
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {server: "{{server.ToString().TrimEnd('/')}}"{{ca}}}
              name: {{name}}
            contexts:
            - context: {cluster: {{name}}, user: {{name}}}
              name: {{name}}
            current-context: {{name}}
            users:
            - name: {{name}}
              user: {token: "{{token ?? "test"}}"}
            """).ConfigureAwait(false);
        return new KubectlSession(directory, kubeconfig);
    }

    /// <summary>Runs kubectl with <paramref name="args"/>, feeding <paramref name="stdin"/> when given.</summary>
    public Task<PeerResult> RunAsync(string? stdin, params string[] args) =>
        PeerTools.RunAsync("kubectl", args, stdin, environment: _environment, timeout: TimeSpan.FromSeconds(60));

    public void Dispose() => _directory.Delete(recursive: true);
}
