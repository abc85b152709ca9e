namespace Tdcc.Mesh.Policy.Resolution;

/// <summary>The services of the clusterset right now, by namespace and name (on the hub: the aggregated ServiceImports).</summary>
public interface IClusterSetServiceNames
{
    IEnumerable<(string Namespace, string Name)> List();
}
