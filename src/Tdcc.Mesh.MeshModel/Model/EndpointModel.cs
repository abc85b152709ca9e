namespace Tdcc.Mesh.MeshModel;

/// <summary>One endpoint: its IP addresses, whether it is ready, and its zone when known.</summary>
public sealed record EndpointModel(IReadOnlyList<string> Addresses, bool Ready = true, string? Zone = null);
