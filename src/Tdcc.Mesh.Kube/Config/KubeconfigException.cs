namespace Tdcc.Mesh.Kube.Config;

/// <summary>A kubeconfig or in-cluster configuration is missing, malformed, or names something it does not define.</summary>
public sealed class KubeconfigException : Exception
{
    public KubeconfigException()
    {
    }

    public KubeconfigException(string message)
        : base(message)
    {
    }

    public KubeconfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
