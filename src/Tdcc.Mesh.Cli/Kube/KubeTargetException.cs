namespace Tdcc.Mesh.Cli.Kube;

/// <summary>The context is reachable but is not what the command needs (for example not a TDCC hub).</summary>
internal sealed class KubeTargetException : Exception
{
    public KubeTargetException()
    {
    }

    public KubeTargetException(string message)
        : base(message)
    {
    }

    public KubeTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
