using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary><c>gateway.networking.k8s.io/v1.Gateway</c>: listeners (ports, protocols, hostnames, TLS) of a GatewayClass's controller, for routes to attach to.</summary>
public sealed record Gateway : IKubeObject<Gateway>
{
    /// <summary>Where Gateway objects are served.</summary>
    public static ResourceType Resource { get; } = new(GatewayApiGroups.Gateway, GatewayApiGroups.Version, GatewayApiGroups.GatewayKind, "gateways", Namespaced: true);

    public static JsonTypeInfo<Gateway> JsonTypeInfo => GatewayApiJsonContext.Default.Gateway;

    public static JsonTypeInfo<KubeList<Gateway>> ListJsonTypeInfo => GatewayApiJsonContext.Default.KubeListGateway;

    public string? ApiVersion { get; init; } = GatewayApiGroups.ApiVersion;
    public string? Kind { get; init; } = GatewayApiGroups.GatewayKind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public GatewaySpec? Spec { get; init; }
    public GatewayStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Gateway WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a Gateway.</summary>
public sealed record GatewaySpec
{
    /// <summary>The GatewayClass whose controller serves this Gateway.</summary>
    public required string GatewayClassName { get; init; }

    /// <summary>The listeners (1 to 64, names unique).</summary>
    public ImmutableArray<Listener> Listeners { get => field.IsDefault ? [] : field; init; }

    /// <summary>Requested addresses (TDCC cannot honour requests: a Gateway naming some is not accepted).</summary>
    public ImmutableArray<GatewaySpecAddress>? Addresses { get; init; }

    /// <summary>Fields this model does not name (such as <c>infrastructure</c>), kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One listener: a port, a protocol, optionally a hostname and TLS settings, and which routes may attach.</summary>
public sealed record Listener
{
    /// <summary>Unique within the Gateway; routes name it as <c>sectionName</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>foo.example.com</c> or <c>*.example.com</c>; absent: every hostname.</summary>
    public string? Hostname { get; init; }

    public required int Port { get; init; }

    /// <summary><c>HTTP</c>, <c>HTTPS</c>, <c>TLS</c>, <c>TCP</c>, <c>UDP</c> or a domain-prefixed protocol.</summary>
    public required string Protocol { get; init; }

    /// <summary>TLS settings (HTTPS and TLS listeners).</summary>
    public GatewayTlsConfig? Tls { get; init; }

    /// <summary>Which routes may attach (default: routes of the Gateway's namespace, of the protocol's kinds).</summary>
    public AllowedRoutes? AllowedRoutes { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A listener's TLS settings.</summary>
public sealed record GatewayTlsConfig
{
    /// <summary><c>Terminate</c> (default) or <c>Passthrough</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>The certificate Secrets (kind Secret, group core).</summary>
    public ImmutableArray<SecretObjectReference>? CertificateRefs { get; init; }

    /// <summary>Implementation-specific options.</summary>
    public ImmutableDictionary<string, string>? Options { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A reference to a Secret (group <c>""</c>, kind <c>Secret</c> by default).</summary>
public sealed record SecretObjectReference
{
    public string? Group { get; init; }
    public string? Kind { get; init; }
    public required string Name { get; init; }

    /// <summary>The Secret's namespace; absent: the Gateway's (another needs a ReferenceGrant).</summary>
    public string? Namespace { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Which routes may attach to a listener.</summary>
public sealed record AllowedRoutes
{
    /// <summary>From which namespaces (default: <c>Same</c>).</summary>
    public RouteNamespaces? Namespaces { get; init; }

    /// <summary>Which kinds; absent or empty: the kinds of the listener's protocol.</summary>
    public ImmutableArray<RouteGroupKind>? Kinds { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The namespaces routes may attach from.</summary>
public sealed record RouteNamespaces
{
    /// <summary><c>Same</c> (default), <c>All</c> or <c>Selector</c>.</summary>
    public string? From { get; init; }

    /// <summary>For <c>Selector</c>: the labels of the namespaces.</summary>
    public LabelSelector? Selector { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A route kind (group defaults to <c>gateway.networking.k8s.io</c>).</summary>
public sealed record RouteGroupKind
{
    public string? Group { get; init; }
    public required string Kind { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A requested address of a Gateway.</summary>
public sealed record GatewaySpecAddress
{
    /// <summary><c>IPAddress</c> (default), <c>Hostname</c> or <c>NamedAddress</c>.</summary>
    public string? Type { get; init; }

    public string? Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a Gateway: its addresses, conditions <c>Accepted</c> and <c>Programmed</c>, and each listener's.</summary>
public sealed record GatewayStatus
{
    public ImmutableArray<GatewayStatusAddress>? Addresses { get; init; }

    public ImmutableArray<Condition> Conditions { get => field.IsDefault ? [] : field; init; }

    public ImmutableArray<ListenerStatus>? Listeners { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An address the Gateway is reachable at.</summary>
public sealed record GatewayStatusAddress
{
    /// <summary><c>IPAddress</c> or <c>Hostname</c>.</summary>
    public string? Type { get; init; }

    public required string Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of one listener.</summary>
public sealed record ListenerStatus
{
    public required string Name { get; init; }

    /// <summary>The route kinds that may attach (those of <c>allowedRoutes.kinds</c> the controller supports).</summary>
    public ImmutableArray<RouteGroupKind> SupportedKinds { get => field.IsDefault ? [] : field; init; }

    /// <summary>How many routes are attached (accepted by this listener).</summary>
    public int AttachedRoutes { get; init; }

    public ImmutableArray<Condition> Conditions { get => field.IsDefault ? [] : field; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
