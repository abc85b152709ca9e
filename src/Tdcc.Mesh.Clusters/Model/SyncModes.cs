namespace Tdcc.Mesh.Clusters.Model;

/// <summary>Values of <see cref="ManagedClusterSpec.SyncMode"/>.</summary>
public static class SyncModes
{
    /// <summary>The agent runs next to the member and dials out to the hub (works behind NAT).</summary>
    public const string Pull = "Pull";

    /// <summary>The hub holds a kubeconfig for the member and runs the member-side work itself.</summary>
    public const string Push = "Push";
}
