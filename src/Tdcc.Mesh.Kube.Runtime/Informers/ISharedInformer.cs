using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>Keeps a local cache of one kind in step with the API server and tells handlers what changed.</summary>
public interface ISharedInformer<T> : IInformer
    where T : class, IKubeObject
{
    /// <summary>The local cache.</summary>
    IInformerStore<T> Store { get; }

    /// <summary>Subscribes a handler; it first receives an add for every object already cached. Dispose to unsubscribe.</summary>
    IDisposable AddEventHandler(IInformerHandler<T> handler);
}

/// <summary>The kind-independent part of an informer, which a host runs.</summary>
public interface IInformer
{
    /// <summary>What the informer watches, for logs.</summary>
    ResourceType Resource { get; }

    /// <summary>True once the first list has been stored and delivered.</summary>
    bool HasSynced { get; }

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    Task ReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists and watches until cancelled, resuming and relisting as needed.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
