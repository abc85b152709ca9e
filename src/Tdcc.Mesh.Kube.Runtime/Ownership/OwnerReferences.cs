using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Ownership;

/// <summary>Owner reference helpers of controller-runtime's <c>controllerutil</c>, as pure functions over immutable objects.</summary>
public static class OwnerReferences
{
    /// <summary>The owner reference marked <c>controller: true</c>, or null.</summary>
    public static OwnerReference? GetController(IKubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.OwnerReferences?.FirstOrDefault(owner => owner.Controller == true);
    }

    /// <summary>True when <paramref name="obj"/> names <paramref name="owner"/> (by uid) among its owners.</summary>
    public static bool IsOwnedBy(IKubeObject obj, IKubeObject owner)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(owner);
        return obj.Metadata.OwnerReferences?.Any(reference => reference.Uid == owner.Metadata.Uid) == true;
    }

    /// <summary>A reference to <paramref name="owner"/>; the owner must have been read from the server (it needs a uid).</summary>
    public static OwnerReference ReferenceTo<TOwner>(TOwner owner, bool controller)
        where TOwner : class, IKubeObject<TOwner>
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new OwnerReference
        {
            ApiVersion = TOwner.Resource.ApiVersion,
            Kind = TOwner.Resource.Kind,
            Name = owner.Metadata.Name ?? throw new ArgumentException("the owner has no name", nameof(owner)),
            Uid = owner.Metadata.Uid ?? throw new ArgumentException("the owner has no uid; read it from the server first", nameof(owner)),
            Controller = controller ? true : null,
            BlockOwnerDeletion = controller ? true : null,
        };
    }

    /// <summary>
    /// Makes <paramref name="owner"/> the controller of <paramref name="obj"/> (garbage collection and
    /// owner-based enqueueing follow it). Throws <see cref="AlreadyOwnedException"/> when another object
    /// controls it already, and <see cref="ArgumentException"/> for an owner in another namespace.
    /// </summary>
    public static T SetControllerReference<TOwner, T>(TOwner owner, T obj)
        where TOwner : class, IKubeObject<TOwner>
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(obj);
        CheckNamespaces(owner, obj, TOwner.Resource);
        var reference = ReferenceTo(owner, controller: true);
        if (GetController(obj) is { } existing && existing.Uid != reference.Uid)
        {
            throw new AlreadyOwnedException(ObjectKey.Of(obj), existing);
        }

        return Upsert(obj, reference);
    }

    /// <summary>Adds (or refreshes) a non-controller reference to <paramref name="owner"/>.</summary>
    public static T SetOwnerReference<TOwner, T>(TOwner owner, T obj)
        where TOwner : class, IKubeObject<TOwner>
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(obj);
        CheckNamespaces(owner, obj, TOwner.Resource);
        var existing = obj.Metadata.OwnerReferences?.FirstOrDefault(r => r.Uid == owner.Metadata.Uid);
        var reference = ReferenceTo(owner, controller: false) with
        {
            Controller = existing?.Controller,
            BlockOwnerDeletion = existing?.BlockOwnerDeletion,
        };
        return Upsert(obj, reference);
    }

    private static T Upsert<T>(T obj, OwnerReference reference)
        where T : class, IKubeObject<T>
    {
        var references = obj.Metadata.OwnerReferences ?? [];
        var index = references.IndexOf(references.FirstOrDefault(r => r.Uid == reference.Uid)!);
        if (index >= 0 && references[index] == reference)
        {
            return obj;
        }

        var updated = index >= 0 ? references.SetItem(index, reference) : references.Add(reference);
        return obj.WithMetadata(obj.Metadata with { OwnerReferences = updated });
    }

    private static void CheckNamespaces(IKubeObject owner, IKubeObject obj, ResourceType ownerType)
    {
        if (ownerType.Namespaced && !string.Equals(owner.Metadata.Namespace ?? string.Empty, obj.Metadata.Namespace ?? string.Empty, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"a namespaced owner must be in the object's namespace: owner in '{owner.Metadata.Namespace}', object in '{obj.Metadata.Namespace}'",
                nameof(owner));
        }
    }

}
