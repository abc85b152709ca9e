namespace Tdcc.Mesh.Kube.Config;

/// <summary>A <c>contexts[].context</c> entry.</summary>
public sealed record KubeconfigContext
{
    public string? Cluster { get; init; }
    public string? User { get; init; }
    public string? Namespace { get; init; }

    /// <summary>The file that defined the entry.</summary>
    public string? Origin { get; init; }
}
