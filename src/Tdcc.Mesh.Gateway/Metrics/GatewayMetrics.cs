using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Gateway.Metrics;

/// <summary>
/// The instruments of meter <c>Tdcc.Mesh.Gateway</c>: Istio's standard metrics (names, labels and buckets as Istio
/// documents them, so its dashboards work) and the gateway's own. The project's Prometheus exporter selects meters
/// starting with <c>Tdcc.Mesh</c>, so a process that serves <c>/metrics</c> exports these without further wiring.
/// </summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Tdcc.Mesh.Gateway";

    private static readonly double[] DurationBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
    private static readonly double[] SizeBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _requestBytes;
    private readonly Histogram<double> _responseBytes;
    private readonly Counter<long> _tcpSent;
    private readonly Counter<long> _tcpReceived;
    private readonly Counter<long> _tcpOpened;
    private readonly Counter<long> _tcpClosed;
    private readonly Counter<long> _ejections;
    private readonly Counter<long> _peersDown;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _sourceMismatches;
    private readonly Counter<long> _overflows;
    private readonly Counter<long> _ingressRequests;
    private readonly Counter<long> _policyDenials;

    public GatewayMetrics(IMeterFactory? meterFactory, Func<IEnumerable<Measurement<int>>> tunnels, Func<IEnumerable<Measurement<double>>> rtt)
    {
        Meter meter;
        if (meterFactory is null)
        {
            _ownedMeter = new Meter(MeterName);
            meter = _ownedMeter;
        }
        else
        {
            meter = meterFactory.Create(new MeterOptions(MeterName));
        }

        _requests = meter.CreateCounter<long>("istio_requests_total", null, "Requests handled by the gateway.");
        _duration = meter.CreateHistogram<double>("istio_request_duration_milliseconds", null, "Request duration.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _requestBytes = meter.CreateHistogram<double>("istio_request_bytes", null, "Request body sizes.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SizeBuckets });
        _responseBytes = meter.CreateHistogram<double>("istio_response_bytes", null, "Response body sizes.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SizeBuckets });
        _tcpSent = meter.CreateCounter<long>("istio_tcp_sent_bytes_total", null, "Bytes sent to the client of a TCP connection.");
        _tcpReceived = meter.CreateCounter<long>("istio_tcp_received_bytes_total", null, "Bytes received from the client of a TCP connection.");
        _tcpOpened = meter.CreateCounter<long>("istio_tcp_connections_opened_total", null, "TCP connections opened.");
        _tcpClosed = meter.CreateCounter<long>("istio_tcp_connections_closed_total", null, "TCP connections closed.");
        _ejections = meter.CreateCounter<long>("tdcc_gateway_ejections_total", null, "Backend clusters ejected by outlier detection.");
        _peersDown = meter.CreateCounter<long>("tdcc_gateway_peer_down_total", null, "Times a peer gateway was found down by the active probes.");
        _retries = meter.CreateCounter<long>("tdcc_gateway_retries_total", null, "Requests and connections retried on another backend cluster.");
        _sourceMismatches = meter.CreateCounter<long>("tdcc_gateway_source_mismatches_total", null, "Tunnelled requests whose source-cluster header differed from the peer certificate's cluster.");
        _overflows = meter.CreateCounter<long>("tdcc_gateway_circuit_breaker_overflows_total", null, "Requests, connections and retries refused by a service's circuit breaker, by the threshold that refused them.");
        _ingressRequests = meter.CreateCounter<long>("tdcc_gateway_ingress_requests_total", null, "Requests served by the ingress listeners, by listener, route rule and response code.");
        _policyDenials = meter.CreateCounter<long>("tdcc_gateway_policy_denials_total", null, "Tunnelled requests and connections refused by a MultiClusterNetworkPolicy, by policy, rule, source cluster and destination service.");
        meter.CreateObservableGauge("tdcc_gateway_tunnels", tunnels, null, "Tunnels to peer gateways by state (1 for the current state).");
        meter.CreateObservableGauge("tdcc_gateway_peer_rtt_seconds", rtt, null, "Round-trip time of the tunnel to each peer gateway.");
    }

    public void Request(in TrafficLabels labels, string protocol, int status, string grpcStatus, string flags, TimeSpan elapsed, long requestBytes, long responseBytes)
    {
        var tags = labels.ToTags();
        tags.Add("request_protocol", protocol);
        tags.Add("response_code", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        tags.Add("grpc_response_status", grpcStatus);
        tags.Add("response_flags", flags);
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
        _requestBytes.Record(requestBytes, tags);
        _responseBytes.Record(responseBytes, tags);
    }

    public void TcpOpened(in TrafficLabels labels) => _tcpOpened.Add(1, TcpTags(labels));

    public void TcpClosed(in TrafficLabels labels, string flags, long sent, long received)
    {
        var tags = TcpTags(labels);
        tags.Add("response_flags", flags);
        _tcpClosed.Add(1, tags);
        _tcpSent.Add(sent, tags);
        _tcpReceived.Add(received, tags);
    }

    public void PeerDown(string cluster, string peer) =>
        _peersDown.Add(1, new KeyValuePair<string, object?>("gateway_cluster", cluster), new KeyValuePair<string, object?>("peer_cluster", peer));

    public void Ejected(string service, string cluster) =>
        _ejections.Add(1, new KeyValuePair<string, object?>("destination_service", service), new KeyValuePair<string, object?>("destination_cluster", cluster));

    public void Retried(string service, string cluster) =>
        _retries.Add(1, new KeyValuePair<string, object?>("destination_service", service), new KeyValuePair<string, object?>("destination_cluster", cluster));

    public void Overflowed(string service, string limit) =>
        _overflows.Add(1, new KeyValuePair<string, object?>("destination_service", service), new KeyValuePair<string, object?>("limit", limit));

    public void IngressRequest(string listener, string route, int status) =>
        _ingressRequests.Add(
            1,
            new KeyValuePair<string, object?>("listener", listener),
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("response_code", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void PolicyDenied(string policy, string rule, string sourceCluster, string service) =>
        _policyDenials.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("rule", rule),
            new KeyValuePair<string, object?>("source_cluster", sourceCluster),
            new KeyValuePair<string, object?>("destination_service", service));

    /// <summary>
    /// Creates the series of the rare-event counters (ejections, retries, source mismatches) at 0 for every service
    /// cluster and peer of <paramref name="configuration"/>, so dashboards show "none" rather than "no data" and a
    /// first event shows as a rise from 0. Adding 0 to a series that exists changes nothing.
    /// </summary>
    public void Known(Configuration.GatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var port in configuration.Outbound)
        {
            var service = port.Service.Name + "." + port.Service.Namespace + Configuration.ServiceKey.DomainSuffix;
            foreach (var backend in port.Backends)
            {
                var tags = new TagList { { "destination_service", service }, { "destination_cluster", backend.Cluster } };
                _ejections.Add(0, tags);
                _retries.Add(0, tags);
            }
        }

        foreach (var peer in configuration.Peers)
        {
            _sourceMismatches.Add(0, new KeyValuePair<string, object?>("source_cluster", peer.Cluster));
        }
    }

    public void SourceMismatch(string peer) => _sourceMismatches.Add(1, new KeyValuePair<string, object?>("source_cluster", peer));

    public void Dispose() => _ownedMeter?.Dispose();

    private static TagList TcpTags(in TrafficLabels labels)
    {
        var tags = labels.ToTags();
        tags.Add("request_protocol", "tcp");
        return tags;
    }
}
