namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>An event handler built from delegates; any of them may be left out.</summary>
public sealed class InformerHandler<T> : IInformerHandler<T>
    where T : class
{
    public Action<T>? Added { get; init; }

    public Action<T, T>? Updated { get; init; }

    public Action<T>? Deleted { get; init; }

    public void OnAdd(T obj) => Added?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => Updated?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => Deleted?.Invoke(obj);
}
