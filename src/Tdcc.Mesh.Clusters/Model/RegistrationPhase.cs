namespace Tdcc.Mesh.Clusters.Model;

/// <summary>Values of <see cref="ClusterRegistrationRequestStatus.Phase"/>.</summary>
public static class RegistrationPhase
{
    public const string Pending = "Pending";
    public const string Approved = "Approved";
    public const string Denied = "Denied";
}
