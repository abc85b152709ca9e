namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>A route: its kind (<c>GRPCRoute</c> or <c>HTTPRoute</c>), namespace and name.</summary>
/// <param name="Kind">The route's kind.</param>
/// <param name="Namespace">The route's namespace.</param>
/// <param name="Name">The route's name.</param>
public readonly record struct RouteId(string Kind, string Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
