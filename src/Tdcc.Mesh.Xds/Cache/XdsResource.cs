using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// One named xDS resource, serialized once: every stream that sends it shares <see cref="Packed"/>, so a push to
/// thousands of streams copies bytes and never serializes the message again. Treat it as immutable.
/// </summary>
public sealed class XdsResource
{
    private Resource? _deltaResource;

    private XdsResource(string name, string typeUrl, IMessage message, Any packed, string version)
    {
        Name = name;
        TypeUrl = typeUrl;
        Message = message;
        Packed = packed;
        Version = version;
    }

    /// <summary>The resource name (a Listener's name, a ClusterLoadAssignment's cluster_name, ...).</summary>
    public string Name { get; }

    /// <summary>The xDS type URL.</summary>
    public string TypeUrl { get; }

    /// <summary>The message itself; do not mutate it after creating the resource.</summary>
    public IMessage Message { get; }

    /// <summary>The message packed in an Any, as it goes on the wire.</summary>
    public Any Packed { get; }

    /// <summary>A content hash of the serialized message: equal content, equal version, across restarts and replicas.</summary>
    public string Version { get; }

    /// <summary>The resource as a delta response carries it (name, version, body), built once and shared.</summary>
    public Resource DeltaResource => _deltaResource ??= new Resource { Name = Name, Version = Version, Resource_ = Packed };

    /// <summary>Wraps a message; its type URL and name come from the message.</summary>
    public static XdsResource Create(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var typeUrl = TypeUrls.Prefix + message.Descriptor.FullName;
        if (!TypeUrls.IsKnown(typeUrl))
        {
            throw new ArgumentException($"{message.Descriptor.FullName} is not an xDS resource type this server serves.", nameof(message));
        }

        var name = ResourceNames.NameOf(message);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"A {message.Descriptor.Name} resource needs a name.", nameof(message));
        }

        var bytes = message.ToByteString();
        var packed = new Any { TypeUrl = typeUrl, Value = bytes };
        return new XdsResource(name, typeUrl, message, packed, ContentHash.Of(bytes.Span));
    }

    /// <summary>
    /// Wraps an Istio config object for MCP over xDS: served under the Istio GVK <paramref name="typeUrl"/>
    /// (<c>networking.istio.io/v1alpha3/ServiceEntry</c>, ...), packed as <c>istio.mcp.v1alpha1.Resource</c>, named
    /// <paramref name="name"/> (<c>&lt;namespace&gt;/&lt;name&gt;</c>, the resource's metadata.name).
    /// </summary>
    public static XdsResource CreateMcp(string typeUrl, string name, Protos.Istio.Mcp.Resource resource)
    {
        ArgumentNullException.ThrowIfNull(typeUrl);
        ArgumentNullException.ThrowIfNull(resource);
        if (!TypeUrls.IsIstio(typeUrl))
        {
            throw new ArgumentException($"'{typeUrl}' is not an Istio GVK type URL.", nameof(typeUrl));
        }

        if (string.IsNullOrEmpty(name) || !string.Equals(resource.Metadata?.Name, name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"An MCP resource needs metadata.name '{name}' (<namespace>/<name>).", nameof(resource));
        }

        var bytes = resource.ToByteString();
        var packed = new Any { TypeUrl = Istio.IstioKinds.McpResourceTypeUrl, Value = bytes };
        return new XdsResource(name, typeUrl, resource, packed, ContentHash.Of(bytes.Span));
    }
}
