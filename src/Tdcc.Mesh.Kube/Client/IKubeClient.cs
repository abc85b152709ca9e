using System.Diagnostics.CodeAnalysis;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Reads objects of one kind: from the API server, or from an informer's cache.</summary>
public interface IResourceReader<T>
    where T : class, IKubeObject
{
    /// <summary>Gets one object; null when it does not exist.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term; the API is consumed from C# where @namespace is idiomatic.")]
    Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists objects; honours paging, selectors and resourceVersion.</summary>
    Task<KubeList<T>> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>Writes objects of one kind.</summary>
public interface IResourceWriter<T>
    where T : class, IKubeObject
{
    Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the object; fails with a conflict when its resourceVersion is stale.</summary>
    Task<T> UpdateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object. Returns the object as it is after the call (still present while finalizers run), or null when it is gone.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term; the API is consumed from C# where @namespace is idiomatic.")]
    Task<T?> DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term; the API is consumed from C# where @namespace is idiomatic.")]
    Task<T> PatchAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Server-side apply of the object's fields under the options' field manager.</summary>
    Task<T> ApplyAsync(T obj, ApplyOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Writes the status subresource of a kind.</summary>
public interface IStatusWriter<T>
    where T : class, IKubeObject
{
    Task<T> UpdateStatusAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default);

    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term; the API is consumed from C# where @namespace is idiomatic.")]
    Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>Watches objects of one kind.</summary>
public interface IResourceWatcher<T>
    where T : class, IKubeObject
{
    /// <summary>
    /// One watch request: yields events until the server closes the stream or the token is cancelled.
    /// A <c>410 Gone</c> surfaces as <see cref="KubeApiException"/> with <see cref="KubeErrorReason.Expired"/> or <see cref="KubeErrorReason.Gone"/>.
    /// Resuming and relisting are the informer's job.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions options, CancellationToken cancellationToken = default);
}

/// <summary>All verbs on one kind.</summary>
public interface IResourceClient<T> : IResourceReader<T>, IResourceWriter<T>, IStatusWriter<T>, IResourceWatcher<T>
    where T : class, IKubeObject
{
    /// <summary>Where the kind is served.</summary>
    ResourceType Resource { get; }
}

/// <summary>A connection to one API server.</summary>
public interface IKubeClient
{
    /// <summary>The client for a typed kind.</summary>
    IResourceClient<T> Resource<T>()
        where T : class, IKubeObject<T>;

    /// <summary>The client for any kind, as unstructured objects.</summary>
    IResourceClient<GenericObject> Resource(ResourceType type);

    /// <summary>GET of an arbitrary path (discovery, /version), returning the body.</summary>
    Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default);
}
