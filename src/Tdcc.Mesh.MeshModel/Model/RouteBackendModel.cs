namespace Tdcc.Mesh.MeshModel;

/// <summary>A backend of a rule: a clusterset service port and its share of the rule's requests.</summary>
public sealed record RouteBackendModel(string Namespace, string Service, int Port, uint Weight = 1);
