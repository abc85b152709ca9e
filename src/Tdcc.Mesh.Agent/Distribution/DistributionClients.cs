namespace Tdcc.Mesh.Agent.Distribution;

/// <summary>The service keys of the two cluster connections inside the distribution agent's container.</summary>
internal static class DistributionClients
{
    /// <summary>The member cluster the agent applies into.</summary>
    public const string Member = "member";

    /// <summary>The hub cluster (the agent's credentials: its own hub namespace).</summary>
    public const string Hub = "hub";
}
