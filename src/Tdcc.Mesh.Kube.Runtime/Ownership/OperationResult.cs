namespace Tdcc.Mesh.Kube.Runtime.Ownership;

/// <summary>What <see cref="CreateOrUpdateExtensions.CreateOrUpdateAsync"/> did.</summary>
public enum OperationResult
{
    Unchanged,
    Created,
    Updated,
}
