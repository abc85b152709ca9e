using System.Text;

namespace Tdcc.Mesh.Kube.Config;

/// <summary>Configuration of a client running in a pod, from its service account.</summary>
internal static class InClusterConfig
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// Names another service-account directory (token, ca.crt, namespace) than <see cref="DefaultServiceAccountDirectory"/>:
    /// the sandbox's kubelet runs pods as host processes and projects each pod's account into a directory of its own.
    /// </summary>
    public const string DirectoryVariable = "TDCC_SERVICEACCOUNT_DIR";

    /// <summary>Options from the environment: <see cref="DirectoryVariable"/> when set, else the default directory.</summary>
    public static KubeClientOptions Load(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var directory = environment(DirectoryVariable);
        return Load(environment, string.IsNullOrEmpty(directory) ? DefaultServiceAccountDirectory : directory);
    }

    public static KubeClientOptions Load(Func<string, string?> environment, string serviceAccountDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(serviceAccountDirectory);
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeconfigException("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        }

        var tokenFile = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            throw new KubeconfigException($"service account token '{tokenFile}' does not exist");
        }

        // An IPv6 host needs brackets in a URI.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        var caFile = Path.Combine(serviceAccountDirectory, "ca.crt");
        var namespaceFile = Path.Combine(serviceAccountDirectory, "namespace");
        var ns = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile, Encoding.UTF8).Trim() : string.Empty;
        return new KubeClientOptions
        {
            Server = new Uri($"https://{authority}"),
            CertificateAuthorityPem = File.Exists(caFile) ? File.ReadAllText(caFile, Encoding.UTF8) : null,
            TokenFile = tokenFile,
            Namespace = ns.Length == 0 ? "default" : ns,
        };
    }
}
