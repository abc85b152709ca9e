namespace Tdcc.Mesh.MeshModel;

/// <summary>A port of an endpoint set; its name matches the service port's name.</summary>
public sealed record EndpointPortModel(string? Name, int Port, string Protocol = "TCP");
