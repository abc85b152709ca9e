using Tdcc.Mesh.ApiMachinery.Resource;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// Forwarder kept only for AgentRunner until it calls <see cref="ResourceLists.Sum"/> itself; delete with that switch.
/// </summary>
internal static class Quantities
{
    /// <summary>See <see cref="ResourceLists.Sum"/>.</summary>
    public static IReadOnlyDictionary<string, string> Sum(IEnumerable<IReadOnlyDictionary<string, string>?> maps) => ResourceLists.Sum(maps);
}
