namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>The service keys of the two cluster connections inside an agent's container.</summary>
internal static class McsClients
{
    /// <summary>The member cluster the agent runs for.</summary>
    public const string Member = "member";

    /// <summary>The hub cluster.</summary>
    public const string Hub = "hub";
}
