using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>A served API group and its versions, preferred first.</summary>
internal sealed record ApiGroupInfo(string Name, ImmutableArray<string> Versions);
