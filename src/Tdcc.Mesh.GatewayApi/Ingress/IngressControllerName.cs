namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>The ingress gateway as a Gateway API controller.</summary>
public static class IngressControllerName
{
    /// <summary>The <c>controllerName</c> a GatewayClass names for its Gateways to be served by TDCC ingress gateways.</summary>
    public const string Value = "tdcc.io/gateway-controller";
}
