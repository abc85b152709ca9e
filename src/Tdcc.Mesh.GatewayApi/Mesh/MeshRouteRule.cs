using Tdcc.Mesh.GatewayApi.Api;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>A rule of a <see cref="MeshRoute"/>: its backends and timeout.</summary>
/// <param name="Index">Its index in <c>spec.rules</c>.</param>
/// <param name="Name">How logs and xDS route names call it, e.g. <c>GRPCRoute demo/canary rule 0</c>.</param>
/// <param name="Backends">Its backendRefs, as written.</param>
/// <param name="Timeout">Its request timeout (HTTPRoute <c>timeouts.request</c>).</param>
internal sealed record MeshRouteRule(int Index, string Name, IReadOnlyList<BackendRef> Backends, TimeSpan? Timeout);
