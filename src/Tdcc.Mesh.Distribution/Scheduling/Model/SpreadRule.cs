namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>Spread the chosen clusters over at least <see cref="MinGroups"/> and at most <see cref="MaxGroups"/> regions or zones.</summary>
public sealed record SpreadRule(string TopologyKey, int MinGroups = 1, int? MaxGroups = null);
