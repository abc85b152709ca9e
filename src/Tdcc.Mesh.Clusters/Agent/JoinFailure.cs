namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>Why joining failed.</summary>
public enum JoinFailure
{
    /// <summary>No stored credentials and no bootstrap token.</summary>
    NoCredentials,

    /// <summary>The hub rejected the bootstrap token (401).</summary>
    Unauthorized,

    /// <summary>The bootstrap token may not file registration requests (403).</summary>
    Forbidden,

    /// <summary>The hub denied the registration request.</summary>
    Denied,
}
