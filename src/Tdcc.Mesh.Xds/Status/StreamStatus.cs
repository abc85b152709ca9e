namespace Tdcc.Mesh.Xds.Status;

/// <summary>The mutable status of one stream, written by its handler and copied out under a lock by the status view.</summary>
internal sealed class StreamStatus(
    string streamId, string nodeId, string cluster, XdsLocality? locality, string group, string userAgent,
    XdsStreamKind kind, string peer, DateTimeOffset connectedSince, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, XdsTypeStatus> _types = new(StringComparer.Ordinal);

    public string StreamId => streamId;

    public void Subscribed(string typeUrl, IReadOnlyList<string> names) =>
        Update(typeUrl, current => current with { ResourceNames = names });

    public void Sent(string typeUrl, string version, string nonce) =>
        Update(typeUrl, current => current with { VersionSent = version, NonceSent = nonce });

    public void Acked(string typeUrl, string version) =>
        Update(typeUrl, current => current with { VersionAcked = version, VersionNacked = null, ErrorDetail = null, ErrorCode = null });

    public void Nacked(string typeUrl, string version, int code, string detail) =>
        Update(typeUrl, current => current with { VersionNacked = version, ErrorDetail = detail, ErrorCode = code });

    public XdsNodeStatus ToStatus()
    {
        lock (_gate)
        {
            return new XdsNodeStatus(streamId, nodeId, cluster, locality, group, userAgent, kind, peer, connectedSince, [.. _types.Values]);
        }
    }

    private void Update(string typeUrl, Func<XdsTypeStatus, XdsTypeStatus> change)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var current = _types.TryGetValue(typeUrl, out var existing)
                ? existing
                : new XdsTypeStatus(typeUrl, null, null, null, null, null, null, [], now);
            _types[typeUrl] = change(current) with { LastChange = now };
        }
    }
}
