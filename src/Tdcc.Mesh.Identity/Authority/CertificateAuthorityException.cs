namespace Tdcc.Mesh.Identity.Authority;

/// <summary>
/// A root the mesh CA cannot use: unreadable PEM, a key that does not match the certificate, a certificate that is not a
/// CA, an expired root, or another trust domain. When the root came from the hub, <see cref="SecretNamespace"/> and
/// <see cref="SecretName"/> name the Secret; the CA never replaces a stored root on its own.
/// </summary>
public sealed class CertificateAuthorityException : Exception
{
    public CertificateAuthorityException()
        : this("The mesh CA root is not usable.")
    {
    }

    public CertificateAuthorityException(string message)
        : base(message)
    {
    }

    public CertificateAuthorityException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A problem with the root stored in a Secret; the message names the Secret and says what to do.</summary>
    public CertificateAuthorityException(string secretNamespace, string secretName, string problem, Exception? innerException = null)
        : base($"The mesh CA Secret {secretNamespace}/{secretName} is not usable: {problem} " +
               "Restore the Secret, or delete it to generate a new root (every certificate issued by the old root then stops being trusted).", innerException)
    {
        SecretNamespace = secretNamespace;
        SecretName = secretName;
        Problem = problem;
    }

    /// <summary>The namespace of the Secret the root came from, when it came from one.</summary>
    public string? SecretNamespace { get; }

    /// <summary>The name of the Secret the root came from, when it came from one.</summary>
    public string? SecretName { get; }

    /// <summary>What is wrong, without the advice.</summary>
    public string? Problem { get; }
}
