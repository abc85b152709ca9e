namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>Receives an informer's changes. Handlers run on the informer's loop: they only turn events into keys.</summary>
public interface IInformerHandler<in T>
    where T : class
{
    void OnAdd(T obj);

    void OnUpdate(T oldObj, T newObj);

    /// <summary>The last known state of a deleted object (synthetic after a relist).</summary>
    void OnDelete(T obj);
}
