namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// A service port: <c>name</c>, <c>protocol</c>, <c>port</c> and <c>appProtocol</c> as in a Service spec, and the
/// listener port the east-west gateways accept it on (allocated by the hub, unique in the clusterset; null: none yet).
/// </summary>
public sealed record ServicePortModel(string? Name, int Port, string Protocol = "TCP", string? AppProtocol = null, int? GatewayPort = null);
