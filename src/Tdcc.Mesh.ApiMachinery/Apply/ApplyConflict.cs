namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>A field the applier would change but another manager owns.</summary>
/// <param name="Manager">The owning manager's name.</param>
/// <param name="FieldPath">structured-merge-diff path text, e.g. <c>.spec.replicas</c> or <c>.spec.template.spec.containers[name="app"].image</c>.</param>
public sealed record ApplyConflict(string Manager, string FieldPath)
{
    /// <summary>The owner's operation, <c>Apply</c> or <c>Update</c>.</summary>
    public string Operation { get; init; } = "Update";

    /// <summary>The apiVersion the owner used (printed for Update owners).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The owner's subresource (<c>status</c>, <c>scale</c>), or null.</summary>
    public string? Subresource { get; init; }

    /// <summary>The status cause message kube sends for this conflict: <c>conflict with "kubectl-edit" using apps/v1</c>.</summary>
    public string CauseMessage => "conflict with " + ApplyConflictMessage.DescribeManager(this);
}
