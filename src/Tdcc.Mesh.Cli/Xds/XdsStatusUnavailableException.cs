namespace Tdcc.Mesh.Cli.Xds;

/// <summary>The xDS server's status could not be read: unreachable, an HTTP error, or an answer that is not a status view.</summary>
internal sealed class XdsStatusUnavailableException : Exception
{
    public XdsStatusUnavailableException()
    {
    }

    public XdsStatusUnavailableException(string message)
        : base(message)
    {
    }

    public XdsStatusUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public XdsStatusUnavailableException(Uri server, string reason, Exception? innerException = null)
        : base($"Cannot read the xDS status from {server}: {reason}.", innerException)
    {
        Server = server;
    }

    /// <summary>The server that was asked.</summary>
    public Uri? Server { get; }
}
