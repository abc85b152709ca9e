namespace Tdcc.Mesh.Xds.Server;

/// <summary>What one delta request changed: names newly (re)subscribed, names really unsubscribed (spurious ones are dropped), wildcard on or off.</summary>
internal sealed record DeltaSubscriptionChange(
    IReadOnlyList<string> Subscribed, IReadOnlyList<string> Unsubscribed, bool WildcardAdded, bool WildcardRemoved);
