namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>A service of the clusterset, as routes see it: what parents and backends may name.</summary>
/// <param name="Namespace">The service's namespace.</param>
/// <param name="Name">The service's name.</param>
/// <param name="Ports">Its ports.</param>
public sealed record ClusterSetService(string Namespace, string Name, IReadOnlyList<ClusterSetServicePort> Ports);
