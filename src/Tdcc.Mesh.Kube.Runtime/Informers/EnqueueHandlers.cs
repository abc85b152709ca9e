using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Queues;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>The handlers of controller-runtime's <c>handler</c> package: each turns an event into keys on a queue.</summary>
public static class EnqueueHandlers
{
    /// <summary>Enqueues the object's own key.</summary>
    public static IInformerHandler<T> ForObject<T>(IWorkQueue<ObjectKey> queue)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new InformerHandler<T>
        {
            Added = obj => queue.Add(ObjectKey.Of(obj)),
            Updated = (_, obj) => queue.Add(ObjectKey.Of(obj)),
            Deleted = obj => queue.Add(ObjectKey.Of(obj)),
        };
    }

    /// <summary>
    /// Enqueues the key of the object's controller owner when the owner is of <paramref name="ownerKind"/> in
    /// <paramref name="ownerApiGroup"/> (empty for the core group). Owners live in the object's namespace.
    /// On update both the old and the new owner are enqueued, so a change of owner reconciles both.
    /// </summary>
    public static IInformerHandler<T> ForControllerOwner<T>(IWorkQueue<ObjectKey> queue, string ownerApiGroup, string ownerKind)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(queue);
        void Enqueue(T obj)
        {
            if (OwnerReferences.GetController(obj) is { } owner
                && string.Equals(owner.Kind, ownerKind, StringComparison.Ordinal)
                && string.Equals(ApiGroup(owner.ApiVersion), ownerApiGroup, StringComparison.Ordinal))
            {
                queue.Add(new ObjectKey(obj.Metadata.Namespace ?? string.Empty, owner.Name));
            }
        }

        return new InformerHandler<T>
        {
            Added = Enqueue,
            Updated = (oldObj, newObj) =>
            {
                Enqueue(oldObj);
                Enqueue(newObj);
            },
            Deleted = Enqueue,
        };
    }

    /// <summary>
    /// Enqueues every key the map function returns for the object (for example, services selecting a pod); with
    /// <paramref name="relevantUpdate"/>, an update only when it returns true for (old, new).
    /// </summary>
    public static IInformerHandler<T> ForMapped<T>(IWorkQueue<ObjectKey> queue, Func<T, IEnumerable<ObjectKey>> map, Func<T, T, bool>? relevantUpdate = null)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(map);
        void Enqueue(T obj)
        {
            foreach (var key in map(obj))
            {
                queue.Add(key);
            }
        }

        return new InformerHandler<T>
        {
            Added = Enqueue,
            Updated = (oldObj, newObj) =>
            {
                if (relevantUpdate is not null && !relevantUpdate(oldObj, newObj))
                {
                    return;
                }

                Enqueue(oldObj);
                Enqueue(newObj);
            },
            Deleted = Enqueue,
        };
    }

    private static string ApiGroup(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }
}
