using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Gateway.Logging;

/// <summary>The gateway's log messages (event ids 8500-8599, docs/logging.md).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 8500, Level = LogLevel.Information, Message = "Gateway of cluster {Cluster} tunnel listening on {EndPoint}")]
    public static partial void Started(ILogger logger, string cluster, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "Gateway stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 8510, Level = LogLevel.Warning, Message = "Refused tunnel peer {Subject}: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string subject, string reason);

    [LoggerMessage(EventId = 8511, Level = LogLevel.Warning, Message = "Peer {Cluster} sent {Header}={Claimed}; overwritten with the certificate's cluster")]
    public static partial void SourceMismatch(ILogger logger, string cluster, string header, string claimed);

    [LoggerMessage(EventId = 8512, Level = LogLevel.Debug, Message = "Tunnelled request for unknown service {Authority} from {Cluster}")]
    public static partial void UnknownService(ILogger logger, string authority, string cluster);

    [LoggerMessage(EventId = 8516, Level = LogLevel.Debug, Message = "Refused a tunnelled request for {Service} from {Cluster}: network policy {Policy}")]
    public static partial void PolicyDenied(ILogger logger, string service, string cluster, string policy);

    [LoggerMessage(EventId = 8513, Level = LogLevel.Warning, Message = "No ready endpoint of {Service} accepted the connection")]
    public static partial void NoEndpoint(ILogger logger, string service);

    [LoggerMessage(EventId = 8514, Level = LogLevel.Warning, Message = "Peer gateway {Cluster} answered no probe for {DownAfter}: down, its cluster is tried last")]
    public static partial void PeerDown(ILogger logger, string cluster, TimeSpan downAfter);

    [LoggerMessage(EventId = 8515, Level = LogLevel.Information, Message = "Peer gateway {Cluster} answers its probes again")]
    public static partial void PeerUp(ILogger logger, string cluster);

    [LoggerMessage(EventId = 8520, Level = LogLevel.Information, Message = "Outbound listener for {Service} ({Protocol}) on port {Port}")]
    public static partial void ListenerAdded(ILogger logger, Configuration.ServiceKey service, Configuration.GatewayProtocol protocol, int port);

    [LoggerMessage(EventId = 8521, Level = LogLevel.Information, Message = "Outbound listener on port {Port} closed")]
    public static partial void ListenerRemoved(ILogger logger, int port);

    [LoggerMessage(EventId = 8522, Level = LogLevel.Error, Message = "Outbound listener on port {Port} could not start")]
    public static partial void ListenerFailed(ILogger logger, int port, Exception exception);

    [LoggerMessage(EventId = 8523, Level = LogLevel.Warning, Message = "Backend cluster {Cluster} of {Service} failed ({Error}); trying the next")]
    public static partial void BackendFailed(ILogger logger, string cluster, string service, string error);

    [LoggerMessage(EventId = 8524, Level = LogLevel.Warning, Message = "Cluster {Cluster} ejected for {Service} after {Failures} consecutive failures, for {Duration}")]
    public static partial void Ejected(ILogger logger, string cluster, string service, int failures, TimeSpan duration);

    [LoggerMessage(EventId = 8525, Level = LogLevel.Debug, Message = "TCP relay for {Service} ended")]
    public static partial void RelayFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 8540, Level = LogLevel.Information, Message = "Holding a reverse tunnel from {Cluster} (behind NAT): its traffic goes down it ({Open} open)")]
    public static partial void ReverseHeld(ILogger logger, string cluster, int open);

    [LoggerMessage(EventId = 8541, Level = LogLevel.Information, Message = "Reverse tunnel from {Cluster} released: {Reason} ({Open} open)")]
    public static partial void ReverseReleased(ILogger logger, string cluster, string reason, int open);

    [LoggerMessage(EventId = 8542, Level = LogLevel.Information, Message = "Reverse tunnel to {Cluster} at {Address}:{Port} open: serving its traffic ({Open} open)")]
    public static partial void ReverseOpened(ILogger logger, string cluster, string address, int port, int open);

    [LoggerMessage(EventId = 8543, Level = LogLevel.Warning, Message = "Reverse tunnel to {Cluster}: {Reason}; dialling again in {Delay}")]
    public static partial void ReverseRedial(ILogger logger, string cluster, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 8550, Level = LogLevel.Information, Message = "Ingress listener on port {Port} ({Protocol}) for {Listeners}")]
    public static partial void IngressListenerAdded(ILogger logger, int port, MeshModel.Ingress.IngressProtocol protocol, string listeners);

    [LoggerMessage(EventId = 8551, Level = LogLevel.Information, Message = "Ingress listener on port {Port} closed")]
    public static partial void IngressListenerRemoved(ILogger logger, int port);

    [LoggerMessage(EventId = 8552, Level = LogLevel.Error, Message = "Ingress listener on port {Port} could not start")]
    public static partial void IngressListenerFailed(ILogger logger, int port, Exception exception);

    [LoggerMessage(EventId = 8553, Level = LogLevel.Information, Message = "Ingress configuration {Version} in force: {Listeners} listeners on ports {Ports}")]
    public static partial void IngressApplied(ILogger logger, string version, int listeners, string ports);

    [LoggerMessage(EventId = 8554, Level = LogLevel.Debug, Message = "Ingress {Method} {Host}{Path} on port {Port}: {Status} {Flags} route {Route} backend {Backend} in {ElapsedMs:F1} ms {Reason}")]
    public static partial void IngressRequest(ILogger logger, string method, string host, string path, int port, int status, string flags, string route, string backend, double elapsedMs, string reason);

    [LoggerMessage(EventId = 8555, Level = LogLevel.Debug, Message = "Ingress mirror not sent: {Reason}")]
    public static partial void IngressMirrorSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 8556, Level = LogLevel.Debug, Message = "Ingress mirror to {Target} failed: {Reason}")]
    public static partial void IngressMirrorFailed(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 8530, Level = LogLevel.Warning, Message = "Configuration update could not be applied")]
    public static partial void ConfigurationFailed(ILogger logger, Exception exception);
}
