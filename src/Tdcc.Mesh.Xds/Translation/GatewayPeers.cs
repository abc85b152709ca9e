using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The other members' gateways as the <see cref="GatewayNames.EastWest"/> Listener's metadata
/// (<c>filter_metadata["tdcc.io/peers"]</c>, <see cref="GatewayNames.PeersMetadataKey"/>): one field per member
/// cluster but the own, each a Struct <c>{address, port, region, zone}</c>; <c>address</c> is empty behind NAT, and a
/// member with no reported gateway gets the default tunnel port. Every member is listed, with or without services, so a
/// gateway knows whom to accept.
/// </summary>
internal static class GatewayPeers
{
    public static Metadata Metadata(ModelIndex index, string cluster, GatewayOptions options)
    {
        var peers = new Struct();
        foreach (var member in index.Members.Where(member => !string.Equals(member, cluster, StringComparison.Ordinal)))
        {
            var gateway = index.Gateways.GetValueOrDefault(member);
            index.Localities.TryGetValue(member, out var where);
            var peer = new Struct();
            peer.Fields["address"] = Value.ForString(gateway?.Address ?? string.Empty);
            peer.Fields["port"] = Value.ForNumber(gateway?.Port is > 0 and <= 65535 ? gateway.Port : options.EastWestPort);
            peer.Fields["region"] = Value.ForString(where?.Region ?? string.Empty);
            peer.Fields["zone"] = Value.ForString(where?.Zone ?? string.Empty);
            peers.Fields[member] = Value.ForStruct(peer);
        }

        return new Metadata { FilterMetadata = { [GatewayNames.PeersMetadataKey] = peers } };
    }
}
