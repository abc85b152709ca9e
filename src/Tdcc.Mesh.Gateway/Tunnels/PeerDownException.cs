namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>A tunnelled request given up because the peer's gateway stopped answering its probes (the request is safe to send again elsewhere).</summary>
public sealed class PeerDownException : HttpRequestException
{
    public PeerDownException()
    {
    }

    public PeerDownException(string message)
        : base(message)
    {
    }

    public PeerDownException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
