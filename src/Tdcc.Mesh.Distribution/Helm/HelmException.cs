namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>helm could not run or failed; the message is helm's own error, readable as is.</summary>
public sealed class HelmException : Exception
{
    public HelmException()
    {
    }

    public HelmException(string message)
        : base(message)
    {
    }

    public HelmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
