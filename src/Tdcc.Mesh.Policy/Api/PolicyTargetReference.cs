namespace Tdcc.Mesh.Policy.Api;

/// <summary>A service a policy applies to, in the policy's own namespace (<c>ServiceImport</c>, or a core <c>Service</c>).</summary>
public sealed record PolicyTargetReference
{
    /// <summary><c>multicluster.x-k8s.io</c> (default) or the core group (<c>""</c>).</summary>
    public string? Group { get; init; }

    /// <summary><c>ServiceImport</c> (default) or <c>Service</c>.</summary>
    public string? Kind { get; init; }

    public string? Name { get; init; }
}
