using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Ownership;

/// <summary>The object already has a different controller owner.</summary>
public sealed class AlreadyOwnedException : Exception
{
    public AlreadyOwnedException()
    {
    }

    public AlreadyOwnedException(string message)
        : base(message)
    {
    }

    public AlreadyOwnedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AlreadyOwnedException(ObjectKey key, OwnerReference controller)
        : base($"{key} is already controlled by {controller.Kind} {controller.Name} ({controller.Uid})")
    {
        Key = key;
        Controller = controller;
    }

    public ObjectKey Key { get; }

    /// <summary>The existing controller.</summary>
    public OwnerReference? Controller { get; }
}
