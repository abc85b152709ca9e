namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>The hub denied (or failed) the gateway's certificate signing request; the message says why.</summary>
public sealed class CertificateRequestDeniedException : Exception
{
    public CertificateRequestDeniedException()
    {
    }

    public CertificateRequestDeniedException(string message)
        : base(message)
    {
    }

    public CertificateRequestDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
