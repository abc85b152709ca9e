using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Hosting.Configuration;

/// <summary>How a process reaches the cluster it runs in: the kubeconfig it was given, else in-cluster config.</summary>
public static class ClusterConnection
{
    /// <summary>
    /// The client options: <see cref="ProcessOptions.Kubeconfig"/> (or <c>$KUBECONFIG</c>) with its context when set;
    /// otherwise, in a pod (<c>KUBERNETES_SERVICE_HOST</c>), the service account's token and CA. Throws
    /// <see cref="KubeconfigException"/> saying which was tried when neither works.
    /// </summary>
    public static KubeClientOptions Resolve(ProcessOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var kubeconfig = options.Kubeconfig ?? environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return KubeClientOptions.FromKubeconfig(kubeconfig, options.Context);
        }

        if (!string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")))
        {
            return KubeClientOptions.InCluster();
        }

        throw new KubeconfigException("no cluster to connect to: pass --kubeconfig (or set KUBECONFIG), or run in a pod (KUBERNETES_SERVICE_HOST)");
    }

    /// <summary>The namespace the process runs in: <c>POD_NAMESPACE</c>, else the service account's namespace file, else <see cref="ProcessOptions.DefaultNamespace"/>.</summary>
    public static string OwnNamespace(Func<string, string?> environment, string serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount")
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("POD_NAMESPACE") is { Length: > 0 } ns)
        {
            return ns;
        }

        var file = Path.Combine(environment("TDCC_SERVICEACCOUNT_DIR") ?? serviceAccountDirectory, "namespace");
        return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } fromFile ? fromFile : ProcessOptions.DefaultNamespace;
    }
}
