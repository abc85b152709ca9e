using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

/// <summary>One candidate's view of a shared in-memory API: while <see cref="Partitioned"/>, every call fails as if the network were down.</summary>
internal sealed class PartitionableKubeClient(InMemoryKubeClient inner) : IKubeClient
{
    public bool Partitioned { get; set; }

    public IResourceClient<T> Resource<T>()
        where T : class, IKubeObject<T> => new Client<T>(this, inner.For<T>());

    public IResourceClient<GenericObject> Resource(ResourceType type) => throw new NotSupportedException("typed kinds only");

    public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) => throw new NotSupportedException("no raw paths");

    private sealed class Client<T>(PartitionableKubeClient owner, InMemoryResourceClient<T> inner) : IResourceClient<T>
        where T : class, IKubeObject<T>
    {
        public ResourceType Resource => inner.Resource;

        public Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.GetAsync(@namespace, name, cancellationToken) : Fail<T?>();

        public Task<KubeList<T>> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.ListAsync(options, cancellationToken) : Fail<KubeList<T>>();

        public Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.CreateAsync(obj, options, cancellationToken) : Fail<T>();

        public Task<T> UpdateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.UpdateAsync(obj, options, cancellationToken) : Fail<T>();

        public Task<T?> DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.DeleteAsync(@namespace, name, options, cancellationToken) : Fail<T?>();

        public Task<T> PatchAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.PatchAsync(@namespace, name, patch, options, cancellationToken) : Fail<T>();

        public Task<T> ApplyAsync(T obj, ApplyOptions options, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.ApplyAsync(obj, options, cancellationToken) : Fail<T>();

        public Task<T> UpdateStatusAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.UpdateStatusAsync(obj, options, cancellationToken) : Fail<T>();

        public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.PatchStatusAsync(@namespace, name, patch, options, cancellationToken) : Fail<T>();

        public IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions options, CancellationToken cancellationToken = default) =>
            Reachable() ? inner.WatchAsync(options, cancellationToken) : throw new HttpRequestException("partitioned");

        private static Task<TResult> Fail<TResult>() => Task.FromException<TResult>(new HttpRequestException("partitioned"));

        private bool Reachable() => !owner.Partitioned;
    }
}
