using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>
/// An informer's local cache. It is an <see cref="IResourceReader{T}"/>, so a reconciler reads the cache
/// through the same interface it would use against the API server.
/// </summary>
public interface IInformerStore<T> : IResourceReader<T>
    where T : class, IKubeObject
{
    /// <summary>The cached object, or null.</summary>
    T? GetByKey(ObjectKey key);

    /// <summary>Every cached object.</summary>
    IReadOnlyList<T> List();

    /// <summary>The objects whose index <paramref name="indexName"/> yields <paramref name="value"/> (see <see cref="InformerIndexes"/>).</summary>
    IReadOnlyList<T> ByIndex(string indexName, string value);
}
