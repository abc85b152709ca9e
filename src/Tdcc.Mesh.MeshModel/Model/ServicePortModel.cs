namespace Tdcc.Mesh.MeshModel;

/// <summary>A service port: <c>name</c>, <c>protocol</c>, <c>port</c> and <c>appProtocol</c> as in a Service spec.</summary>
public sealed record ServicePortModel(string? Name, int Port, string Protocol = "TCP", string? AppProtocol = null);
