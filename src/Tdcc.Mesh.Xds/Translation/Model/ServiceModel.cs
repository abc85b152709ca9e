namespace Tdcc.Mesh.Xds.Translation.Model;

/// <summary>A service of the clusterset (one per namespace and name, whatever the number of exporting clusters).</summary>
public sealed record ServiceModel(string Namespace, string Name, IReadOnlyList<ServicePortModel> Ports, TrafficPolicyModel? TrafficPolicy = null);
