using System.Collections.Concurrent;

namespace Tdcc.Mesh.Xds.Status;

/// <summary>Holds one entry per open stream; streams add themselves on their first request and remove themselves when they end.</summary>
internal sealed class XdsStatusRegistry(TimeProvider timeProvider) : IXdsStatus
{
    private readonly ConcurrentDictionary<string, StreamStatus> _streams = new(StringComparer.Ordinal);

    public TimeProvider TimeProvider { get; } = timeProvider;

    public void Add(StreamStatus stream) => _streams[stream.StreamId] = stream;

    public void Remove(string streamId) => _streams.TryRemove(streamId, out _);

    public XdsStatusReport GetStatus()
    {
        var nodes = _streams.Values
            .Select(stream => stream.ToStatus())
            .OrderBy(node => node.NodeId, StringComparer.Ordinal)
            .ThenBy(node => node.StreamId, StringComparer.Ordinal)
            .ToList();
        return new XdsStatusReport(TimeProvider.GetUtcNow(), nodes);
    }
}
