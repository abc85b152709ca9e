using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Replaces an object through a named subresource other than status (CertificateSigningRequests' <c>approval</c>).</summary>
public interface ISubresourceWriter<T>
    where T : class, IKubeObject
{
    /// <summary>PUT of <paramref name="obj"/> to its <paramref name="subresource"/>.</summary>
    Task<T> UpdateSubresourceAsync(T obj, string subresource, WriteOptions? options = null, CancellationToken cancellationToken = default);
}
