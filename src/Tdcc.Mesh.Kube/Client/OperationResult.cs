namespace Tdcc.Mesh.Kube.Client;

/// <summary>What a <see cref="CreateOrUpdateExtensions"/> helper did.</summary>
public enum OperationResult
{
    Unchanged,
    Created,
    Updated,
}
