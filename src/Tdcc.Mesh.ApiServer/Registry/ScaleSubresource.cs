namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>Where a resource keeps what its scale subresource reads and writes (JSON paths like <c>.spec.replicas</c>).</summary>
internal sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
