namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>The namespace and name of a clusterset service.</summary>
/// <param name="Namespace">The service's namespace.</param>
/// <param name="Name">The service's name.</param>
public readonly record struct ServiceId(string Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => Namespace + "/" + Name;
}
