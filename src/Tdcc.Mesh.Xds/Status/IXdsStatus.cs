namespace Tdcc.Mesh.Xds.Status;

/// <summary>What the control plane knows about its connected nodes.</summary>
public interface IXdsStatus
{
    /// <summary>A consistent copy of every connected stream's status.</summary>
    XdsStatusReport GetStatus();
}
