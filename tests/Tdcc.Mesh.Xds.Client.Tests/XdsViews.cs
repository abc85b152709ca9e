using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>Builds an <see cref="XdsView"/> straight from messages (for the translator tests, no client involved).</summary>
internal static class XdsViews
{
    public static XdsView Of(IEnumerable<IMessage> messages)
    {
        var list = messages.ToList();
        return new XdsView
        {
            Listeners = list.OfType<Listener>().ToImmutableDictionary(m => m.Name, StringComparer.Ordinal),
            Routes = list.OfType<RouteConfiguration>().ToImmutableDictionary(m => m.Name, StringComparer.Ordinal),
            Clusters = list.OfType<Cluster>().ToImmutableDictionary(m => m.Name, StringComparer.Ordinal),
            LoadAssignments = list.OfType<ClusterLoadAssignment>().ToImmutableDictionary(m => m.ClusterName, StringComparer.Ordinal),
            Secrets = list.OfType<Secret>().ToImmutableDictionary(m => m.Name, StringComparer.Ordinal),
            Versions = list.Select((m, i) => (Key: m.Descriptor.FullName + " " + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Value: m.ToByteString().ToBase64()))
                .ToImmutableDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
    }
}
