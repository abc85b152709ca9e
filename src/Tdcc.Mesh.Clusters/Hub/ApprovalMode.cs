namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>How the hub decides ClusterRegistrationRequests.</summary>
public enum ApprovalMode
{
    /// <summary>Approve every request whose requester holds a valid, unexpired bootstrap token; deny the others.</summary>
    Automatic,

    /// <summary>Leave requests Pending until an administrator patches <c>status.phase</c> to Approved or Denied.</summary>
    Manual,
}
