namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>The mesh as a Gateway API controller.</summary>
public static class MeshController
{
    /// <summary>The <c>controllerName</c> of the route status entries the mesh writes.</summary>
    public const string Name = "tdcc-mesh.io/mesh-controller";
}
