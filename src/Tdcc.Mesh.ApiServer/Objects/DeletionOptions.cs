namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>A delete request's metav1.DeleteOptions.</summary>
internal sealed record DeletionOptions(
    PropagationPolicy Propagation = PropagationPolicy.Background,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    long? GracePeriodSeconds = null,
    bool DryRun = false)
{
    public static readonly DeletionOptions Default = new();
}

/// <summary>How dependents are handled when their owner is deleted.</summary>
internal enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}
