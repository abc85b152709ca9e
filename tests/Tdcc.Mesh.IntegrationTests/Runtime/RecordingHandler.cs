using System.Collections.Concurrent;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>Records what an informer delivered, as (kind of notification, object name) pairs.</summary>
internal sealed class RecordingHandler<T> : IInformerHandler<T>
    where T : class, IKubeObject
{
    private readonly ConcurrentQueue<(string Change, string Name)> seen = new();

    public IReadOnlyList<(string Change, string Name)> Seen => [.. seen];

    public bool Saw(string change, string name) => seen.Contains((change, name));

    public void OnAdd(T obj) => seen.Enqueue(("add", obj.Metadata.Name ?? string.Empty));

    public void OnUpdate(T oldObj, T newObj) => seen.Enqueue(("update", newObj.Metadata.Name ?? string.Empty));

    public void OnDelete(T obj) => seen.Enqueue(("delete", obj.Metadata.Name ?? string.Empty));
}
