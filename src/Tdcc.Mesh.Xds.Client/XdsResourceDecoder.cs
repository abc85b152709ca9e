using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>
/// A delta response's resource → <see cref="XdsHeldResource"/>: its body must be of the response's type and parse,
/// and the typed configs the client reads to find references (HttpConnectionManager, TLS contexts) must parse too.
/// Anything else is a <see cref="FormatException"/> naming the resource.
/// </summary>
internal static class XdsResourceDecoder
{
    public static XdsHeldResource Decode(string typeUrl, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var label = string.IsNullOrEmpty(resource.Name) ? "(unnamed)" : resource.Name;
        if (resource.Resource_ is not { } any)
        {
            throw new FormatException($"{XdsTypeUrls.ShortName(typeUrl)} resource {label} has no body");
        }

        if (!string.Equals(any.TypeUrl, typeUrl, StringComparison.Ordinal))
        {
            throw new FormatException($"{XdsTypeUrls.ShortName(typeUrl)} resource {label} is a {any.TypeUrl}");
        }

        try
        {
            return typeUrl switch
            {
                XdsTypeUrls.Listener => Listener(resource, Envoy.Config.Listener.V3.Listener.Parser.ParseFrom(any.Value)),
                XdsTypeUrls.Cluster => Cluster(resource, Envoy.Config.Cluster.V3.Cluster.Parser.ParseFrom(any.Value)),
                XdsTypeUrls.RouteConfiguration => Plain(resource, RouteConfiguration.Parser.ParseFrom(any.Value), message => message.Name),
                XdsTypeUrls.ClusterLoadAssignment => Plain(resource, ClusterLoadAssignment.Parser.ParseFrom(any.Value), message => message.ClusterName),
                XdsTypeUrls.Secret => Plain(resource, Secret.Parser.ParseFrom(any.Value), message => message.Name),
                _ => throw new FormatException($"unknown type {typeUrl}"),
            };
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"{XdsTypeUrls.ShortName(typeUrl)} resource {label} does not decode: {e.Message}", e);
        }
    }

    private static XdsHeldResource Listener(Resource resource, Listener listener) =>
        new(NameOf(resource, listener.Name), resource.Version, listener,
            [.. XdsReferences.RoutesOf(listener).Distinct(StringComparer.Ordinal)],
            [],
            [.. XdsReferences.SecretsOf(listener).Distinct(StringComparer.Ordinal)]);

    private static XdsHeldResource Cluster(Resource resource, Cluster cluster) =>
        new(NameOf(resource, cluster.Name), resource.Version, cluster,
            [],
            XdsReferences.EndpointsOf(cluster) is { } endpoints ? [endpoints] : ImmutableArray<string>.Empty,
            [.. XdsReferences.SecretsOf(cluster).Distinct(StringComparer.Ordinal)]);

    private static XdsHeldResource Plain<T>(Resource resource, T message, Func<T, string> name)
        where T : IMessage =>
        new(NameOf(resource, name(message)), resource.Version, message, [], [], []);

    private static string NameOf(Resource resource, string messageName)
    {
        var name = string.IsNullOrEmpty(resource.Name) ? messageName : resource.Name;
        return string.IsNullOrEmpty(name) ? throw new FormatException("a resource without a name") : name;
    }
}
