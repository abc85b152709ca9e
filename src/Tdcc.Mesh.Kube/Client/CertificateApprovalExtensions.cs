using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Writes the <c>approval</c> subresource of a CertificateSigningRequest (its Approved or Denied condition).</summary>
public static class CertificateApprovalExtensions
{
    /// <summary>
    /// PUT of <paramref name="csr"/> (with its new conditions) to <c>/approval</c>. Needs a client that writes
    /// subresources (<see cref="ISubresourceWriter{T}"/>; <see cref="KubeClient"/>'s does).
    /// </summary>
    public static Task<CertificateSigningRequest> UpdateApprovalAsync(this IResourceClient<CertificateSigningRequest> client, CertificateSigningRequest csr, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client is ISubresourceWriter<CertificateSigningRequest> writer
            ? writer.UpdateSubresourceAsync(csr, "approval", options, cancellationToken)
            : throw new NotSupportedException($"{client.GetType().Name} cannot write the approval subresource.");
    }
}
