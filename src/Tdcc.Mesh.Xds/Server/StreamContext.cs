using System.Globalization;
using Envoy.Config.Core.V3;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// What both stream kinds share: the node (cached from the first request), its group and snapshot watch, the nonce
/// counter and the stream's status entry.
/// </summary>
internal sealed class StreamContext(AdsServices services, IServerCallContext call, XdsStreamKind kind)
{
    private long _nonce;

    public AdsServices Services { get; } = services;

    public IServerCallContext Call { get; } = call;

    public XdsStreamKind Kind { get; } = kind;

    public string StreamId { get; } = Guid.NewGuid().ToString("N")[..12];

    public Node? Node { get; private set; }

    public string NodeId => Node?.Id ?? "(unknown)";

    public string Group { get; private set; } = string.Empty;

    public StreamStatus? Status { get; private set; }

    public SnapshotWatch Watch { get; private set; }

    public bool Started => Node is not null;

    public ILogger Logger => Services.Logger;

    /// <summary>
    /// Caches the node of the first request, asks the authenticator whether it may be served (a refusal ends the stream
    /// with its status), and registers the stream; later requests may omit the node.
    /// </summary>
    public async ValueTask StartAsync(Node? node, CancellationToken cancellationToken)
    {
        if (Node is not null)
        {
            return;
        }

        if (node is null)
        {
            throw new Grpc.Status.RpcException(Grpc.Status.StatusCode.InvalidArgument, "The first request of an ADS stream must carry node.");
        }

        if (await Services.Authenticator.AuthenticateAsync(node, Call.RequestHeaders, cancellationToken).ConfigureAwait(false) is { } rejection)
        {
            XdsServerLog.StreamRefused(Logger, node.Id, node.Cluster, Call.Peer, rejection.Message);
            throw new Grpc.Status.RpcException(rejection.Code, rejection.Message);
        }

        Node = node;
        Group = Services.Cache.NodeHash.GetGroup(node) ?? string.Empty;
        var locality = node.Locality is { } l ? new XdsLocality(l.Region, l.Zone, l.SubZone) : null;
        var userAgent = node.UserAgentName + (node.UserAgentVersionTypeCase == Node.UserAgentVersionTypeOneofCase.UserAgentVersion ? " " + node.UserAgentVersion : string.Empty);
        Status = new StreamStatus(StreamId, node.Id, node.Cluster, locality, Group, userAgent, Kind, Call.Peer, Services.TimeProvider.GetUtcNow(), Services.TimeProvider);
        Services.Registry.Add(Status);
        Services.Metrics.StreamOpened(Kind);
        Watch = Services.Cache.Watch(Group);
        XdsServerLog.StreamOpened(Logger, Kind == XdsStreamKind.Sotw ? "SotW" : "delta", StreamId, node.Id, node.Cluster, Group, userAgent);
    }

    /// <summary>Takes the group's current snapshot and the next change to wait for.</summary>
    public void Rewatch() => Watch = Services.Cache.Watch(Group);

    public string NextNonce() => (++_nonce).ToString(CultureInfo.InvariantCulture);

    public void Stop()
    {
        if (Node is null)
        {
            return;
        }

        Services.Registry.Remove(StreamId);
        Services.Metrics.StreamClosed(Kind);
        XdsServerLog.StreamClosed(Logger, StreamId, Node.Id);
    }

    /// <summary>Records an ACK (and the convergence time since the snapshot it answers was set).</summary>
    public void Acked(string typeUrl, string version, string nonce, long sentSnapshotSetAt, ref bool convergenceRecorded)
    {
        Status?.Acked(typeUrl, version);
        Services.Metrics.Acked(typeUrl);
        if (!convergenceRecorded && sentSnapshotSetAt != 0)
        {
            convergenceRecorded = true;
            Services.Metrics.Converged(typeUrl, Services.TimeProvider.GetElapsedTime(sentSnapshotSetAt));
        }

        XdsServerLog.Acked(Logger, NodeId, typeUrl, version, nonce);
    }

    public void Nacked(string typeUrl, string version, string nonce, Google.Rpc.Status error)
    {
        Status?.Nacked(typeUrl, version, error.Code, error.Message);
        Services.Metrics.Nacked(typeUrl);
        XdsServerLog.Nacked(Logger, NodeId, typeUrl, version, nonce, error.Message);
    }

    public void StaleNonce(string typeUrl, string nonce, string? current)
    {
        Services.Metrics.StaleNonce(typeUrl);
        XdsServerLog.StaleNonce(Logger, typeUrl, NodeId, nonce, current ?? string.Empty);
    }

    public void Sent(string typeUrl, string version, string nonce, int count, int removed)
    {
        Status?.Sent(typeUrl, version, nonce);
        Services.Metrics.Pushed(typeUrl);
        XdsServerLog.ResponseSent(Logger, typeUrl, version, nonce, count, removed, NodeId);
    }

    public void Subscribed(string typeUrl, Subscription subscription)
    {
        var names = subscription.Describe();
        Status?.Subscribed(typeUrl, names);
        XdsServerLog.Subscribed(Logger, NodeId, typeUrl, names);
    }
}
