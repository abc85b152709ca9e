using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Ownership;

/// <summary>Finalizer helpers that report whether anything changed, so a reconciler writes only when needed.</summary>
public static class Finalizers
{
    public static bool HasFinalizer(IKubeObject obj, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.Finalizers?.Contains(finalizer) == true;
    }

    /// <summary>Adds the finalizer unless present.</summary>
    public static (bool Changed, T Object) AddFinalizer<T>(T obj, string finalizer)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        if (HasFinalizer(obj, finalizer))
        {
            return (false, obj);
        }

        var finalizers = (obj.Metadata.Finalizers ?? []).Add(finalizer);
        return (true, obj.WithMetadata(obj.Metadata with { Finalizers = finalizers }));
    }

    /// <summary>Removes every occurrence of the finalizer.</summary>
    public static (bool Changed, T Object) RemoveFinalizer<T>(T obj, string finalizer)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!HasFinalizer(obj, finalizer))
        {
            return (false, obj);
        }

        var finalizers = obj.Metadata.Finalizers!.Value.RemoveAll(f => f == finalizer);
        return (true, obj.WithMetadata(obj.Metadata with { Finalizers = finalizers }));
    }
}
