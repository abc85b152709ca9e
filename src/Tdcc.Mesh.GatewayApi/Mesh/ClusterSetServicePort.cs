namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>A port of a clusterset service; a parentRef's <c>sectionName</c> names it by <paramref name="Name"/>.</summary>
/// <param name="Name">The port's name, if any.</param>
/// <param name="Port">The port number.</param>
public sealed record ClusterSetServicePort(string? Name, int Port);
