namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>A container port as a pod spec declares it (<c>containerPort</c>, <c>protocol</c>, <c>name</c>, <c>appProtocol</c>).</summary>
public sealed record ContainerPort(int Number, string Protocol = "TCP", string? Name = null, string? AppProtocol = null);
