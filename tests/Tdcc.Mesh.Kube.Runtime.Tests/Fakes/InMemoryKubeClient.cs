using System.Collections.Concurrent;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

/// <summary>An <see cref="IKubeClient"/> over one in-memory client per typed kind.</summary>
internal sealed class InMemoryKubeClient : IKubeClient
{
    private readonly ConcurrentDictionary<Type, object> clients = new();

    public IResourceClient<T> Resource<T>()
        where T : class, IKubeObject<T> => For<T>();

    public InMemoryResourceClient<T> For<T>()
        where T : class, IKubeObject<T> => (InMemoryResourceClient<T>)clients.GetOrAdd(typeof(T), _ => new InMemoryResourceClient<T>());

    public IResourceClient<GenericObject> Resource(ResourceType type) => throw new NotSupportedException("typed kinds only");

    public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) => throw new NotSupportedException("no raw paths");
}
