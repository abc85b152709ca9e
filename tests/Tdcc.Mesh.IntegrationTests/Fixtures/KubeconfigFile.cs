namespace Tdcc.Mesh.IntegrationTests.Fixtures;

/// <summary>Writes a kubeconfig that points kubectl and client libraries at one plain-HTTP API server.</summary>
public static class KubeconfigFile
{
    /// <summary>
    /// The kubeconfig text for <paramref name="server"/>. <c>insecure-skip-tls-verify</c> is set because
    /// @kubernetes/client-node refuses plain-HTTP servers without it; kubectl ignores it for http.
    /// </summary>
    public static string For(Uri server, string contextName = "sandbox", string namespaceName = "default")
    {
        ArgumentNullException.ThrowIfNull(server);
        var address = server.GetLeftPart(UriPartial.Authority);
        return $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{contextName}}
              cluster:
                server: "{{address}}"
                insecure-skip-tls-verify: true
            contexts:
            - name: {{contextName}}
              context:
                cluster: {{contextName}}
                user: {{contextName}}
                namespace: {{namespaceName}}
            current-context: {{contextName}}
            users:
            - name: {{contextName}}
              user:
                token: sandbox-token
            preferences: {}
            """;
    }

    /// <summary>Writes the kubeconfig for <paramref name="server"/> to <paramref name="path"/>.</summary>
    public static Task WriteAsync(string path, Uri server, string contextName = "sandbox", CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, For(server, contextName), cancellationToken);
}
