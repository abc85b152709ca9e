using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Istio;

/// <summary>
/// The Istio configuration kinds TDCC Mesh emits, their MCP-over-xDS type URLs (the Istio GVKs istiod requests,
/// <c>&lt;group&gt;/&lt;version&gt;/&lt;Kind&gt;</c>) and the Kubernetes apiVersion of their CRD form.
/// </summary>
public static class IstioKinds
{
    /// <summary>The API group of the networking kinds.</summary>
    public const string NetworkingGroup = "networking.istio.io";

    /// <summary>The apiVersion the CRD (Kubernetes JSON) form carries.</summary>
    public const string ApiVersion = NetworkingGroup + "/v1";

    public const string ServiceEntry = "ServiceEntry";
    public const string WorkloadEntry = "WorkloadEntry";
    public const string DestinationRule = "DestinationRule";

    /// <summary>The type URL istiod requests ServiceEntries with.</summary>
    public const string ServiceEntryType = NetworkingGroup + "/v1alpha3/" + ServiceEntry;

    /// <summary>The type URL istiod requests WorkloadEntries with.</summary>
    public const string WorkloadEntryType = NetworkingGroup + "/v1alpha3/" + WorkloadEntry;

    /// <summary>The type URL istiod requests DestinationRules with.</summary>
    public const string DestinationRuleType = NetworkingGroup + "/v1alpha3/" + DestinationRule;

    /// <summary>The type of every resource of an MCP response: the envelope around the Istio config message.</summary>
    public const string McpResourceTypeUrl = "type.googleapis.com/istio.mcp.v1alpha1.Resource";

    /// <summary>The types we have objects for, in push order (services before their workloads and policies).</summary>
    public static IReadOnlyList<string> Served { get; } = [ServiceEntryType, WorkloadEntryType, DestinationRuleType];

    private static readonly FrozenDictionary<string, string> TypeOfKind = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ServiceEntry] = ServiceEntryType,
        [WorkloadEntry] = WorkloadEntryType,
        [DestinationRule] = DestinationRuleType,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The MCP type URL of one of our kinds.</summary>
    public static string TypeUrlOf(string kind) =>
        TypeOfKind.TryGetValue(kind, out var typeUrl) ? typeUrl : throw new ArgumentException($"Not an Istio kind TDCC Mesh emits: '{kind}'.", nameof(kind));

    /// <summary>
    /// True for a type URL in Istio's GVK form (<c>&lt;group&gt;/&lt;version&gt;/&lt;Kind&gt;</c>, no
    /// <c>type.googleapis.com/</c> prefix): istiod asks for every kind it knows (MeshConfig, Gateway, Sidecar,
    /// AuthorizationPolicy, ...) and waits for an answer to each, so every such type is answered, our three with
    /// their objects and the rest with an empty list.
    /// </summary>
    public static bool IsGvk(string typeUrl)
    {
        ArgumentNullException.ThrowIfNull(typeUrl);
        if (typeUrl.StartsWith(Cache.TypeUrls.Prefix, StringComparison.Ordinal) || typeUrl.Length > 253)
        {
            return false;
        }

        var parts = typeUrl.Split('/');
        return parts.Length == 3 && parts.All(part => part.Length > 0 && !part.Any(char.IsWhiteSpace));
    }
}
