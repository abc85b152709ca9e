namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>How the sandbox runs the mesh.</summary>
public enum MeshMode
{
    /// <summary>The product's hub and agent hosts inside the sandbox process (fits hundreds of members).</summary>
    InProcess,

    /// <summary>
    /// As on real clusters: <c>helm install</c> of <c>charts/tdcc-mesh</c> into the hub and each member, so <c>tdcc hub</c>
    /// and <c>tdcc agent</c> run as pods, which the sandbox's kubelets run as real processes.
    /// </summary>
    Helm,
}
