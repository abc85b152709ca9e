using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Protos.Istio.Mcp;

namespace Tdcc.Mesh.Xds.Istio;

/// <summary>
/// The MCP-over-xDS form of an <see cref="IstioObject"/>: an <c>istio.mcp.v1alpha1.Resource</c> whose
/// <c>metadata.name</c> is <c>&lt;namespace&gt;/&lt;name&gt;</c> (istiod splits it there), <c>metadata.version</c> a
/// content hash of the spec, and <c>body</c> the spec packed in an Any
/// (<c>type.googleapis.com/istio.networking.v1alpha3.ServiceEntry</c>, ...).
/// </summary>
public static class IstioMcp
{
    /// <summary>The MCP resource of an object.</summary>
    public static Resource ToResource(IstioObject istioObject)
    {
        ArgumentNullException.ThrowIfNull(istioObject);
        var body = Any.Pack(istioObject.Spec);
        var metadata = new Metadata
        {
            Name = istioObject.QualifiedName,
            Version = ContentHash.Of(body.Value.Span),
        };
        foreach (var (key, value) in istioObject.Labels)
        {
            metadata.Labels[key] = value;
        }
        return new Resource { Metadata = metadata, Body = body };
    }

    /// <summary>The object as a snapshot resource of its Istio type (<see cref="IstioKinds.TypeUrlOf"/>).</summary>
    public static XdsResource ToXdsResource(IstioObject istioObject)
    {
        ArgumentNullException.ThrowIfNull(istioObject);
        return XdsResource.CreateMcp(IstioKinds.TypeUrlOf(istioObject.Kind), istioObject.QualifiedName, ToResource(istioObject));
    }

    /// <summary>The body of an MCP resource, unpacked as <typeparamref name="T"/>.</summary>
    public static T Body<T>(Resource resource)
        where T : IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Body.Unpack<T>();
    }
}
