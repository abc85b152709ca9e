using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>One listener of one of our Gateways while the resolver works: its checks, conflicts and attached routes.</summary>
internal sealed class ListenerState(Gateway gateway, Listener listener, int index)
{
    public Gateway Gateway { get; } = gateway;

    public Listener Listener { get; } = listener;

    /// <summary>Its index in <c>spec.listeners</c>.</summary>
    public int Index { get; } = index;

    /// <summary>Whether its Gateway is accepted (else nothing of it is programmed).</summary>
    public bool GatewayAccepted { get; set; }

    /// <summary>HTTP or HTTPS; null: a protocol TDCC does not serve (listener Accepted=False UnsupportedProtocol).</summary>
    public IngressProtocol? Protocol { get; set; }

    /// <summary>Why the listener is not accepted, when it is not.</summary>
    public string? NotAccepted { get; set; }

    public List<RouteGroupKind> SupportedKinds { get; } = [];

    public List<TlsCertificateModel> Certificates { get; } = [];

    /// <summary>ResolvedRefs=False reason and message (InvalidCertificateRef, RefNotPermitted, InvalidRouteKinds).</summary>
    public (string Reason, string Message)? Unresolved { get; set; }

    /// <summary>Conflicted=True reason and message (ProtocolConflict, HostnameConflict).</summary>
    public (string Reason, string Message)? Conflict { get; set; }

    public int AttachedRoutes { get; set; }

    /// <summary>The rules of the routes attached, with their sort keys.</summary>
    public List<(IngressRouteRule Rule, IngressRoute Route, IngressRouteEntry Entry)> Rules { get; } = [];

    public bool Accepted => Protocol is not null && NotAccepted is null;

    /// <summary>Whether the data path serves it: accepted, its Gateway too, no conflict, some route kind, and for HTTPS a certificate.</summary>
    public bool Programmed => GatewayAccepted && Accepted && Conflict is null && SupportedKinds.Count > 0
        && (Protocol == IngressProtocol.Http || Certificates.Count > 0);

    public string GatewayKey => $"{Gateway.Metadata.Namespace}/{Gateway.Metadata.Name}";

    public string? Hostname => string.IsNullOrEmpty(Listener.Hostname) ? null : Listener.Hostname.ToLowerInvariant();

    /// <summary>Whether a route of <paramref name="routeNamespace"/> may attach (<c>allowedRoutes.namespaces</c>).</summary>
    public bool AllowsNamespace(string routeNamespace, IReadOnlyDictionary<string, Namespace> namespaces)
    {
        var from = Listener.AllowedRoutes?.Namespaces?.From ?? "Same";
        switch (from)
        {
            case "All":
                return true;
            case "Selector":
                var selector = Listener.AllowedRoutes?.Namespaces?.Selector;
                var node = selector is null ? null : JsonSerializer.SerializeToNode(selector, GatewayApiJsonContext.Default.LabelSelector);
                try
                {
                    var parsed = ApiMachinery.Selectors.LabelSelector.FromLabelSelectorOrNothing(node);
                    return namespaces.TryGetValue(routeNamespace, out var ns) && parsed.Matches(ns.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty);
                }
                catch (SelectorParseException)
                {
                    return false;
                }

            default:
                return string.Equals(routeNamespace, Gateway.Metadata.Namespace, StringComparison.Ordinal);
        }
    }

    /// <summary>Whether routes of <paramref name="kind"/> may attach.</summary>
    public bool AllowsKind(string kind) => SupportedKinds.Any(k => k.Kind == kind);
}
