using System.Diagnostics.Metrics;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>The instruments of meter <c>Tdcc.Mesh.Xds</c>.</summary>
internal sealed class XdsMetrics
{
    public const string MeterName = "Tdcc.Mesh.Xds";

    private readonly UpDownCounter<long> _streams;
    private readonly Counter<long> _pushes;
    private readonly Counter<long> _acks;
    private readonly Counter<long> _nacks;
    private readonly Counter<long> _staleNonces;
    private readonly Histogram<double> _convergence;

    public XdsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _streams = meter.CreateUpDownCounter<long>("tdcc.xds.streams.connected", "{stream}", "Open ADS streams.");
        _pushes = meter.CreateCounter<long>("tdcc.xds.pushes", "{response}", "Discovery responses sent.");
        _acks = meter.CreateCounter<long>("tdcc.xds.acks", "{request}", "Responses the clients accepted.");
        _nacks = meter.CreateCounter<long>("tdcc.xds.nacks", "{request}", "Responses the clients rejected.");
        _staleNonces = meter.CreateCounter<long>("tdcc.xds.stale_nonces", "{request}", "Requests ignored because their nonce was stale.");
        _convergence = meter.CreateHistogram<double>("tdcc.xds.convergence.time", "s", "From a snapshot being set to the client ACKing the response built from it.");
    }

    public void StreamOpened(XdsStreamKind kind) => _streams.Add(1, Kind(kind));

    public void StreamClosed(XdsStreamKind kind) => _streams.Add(-1, Kind(kind));

    public void Pushed(string typeUrl)
    {
        var type = Type(typeUrl);
        _pushes.Add(1, type);

        // The NACK counter of a type exists from its first push at 0, so dashboards show "no NACKs" rather than "no data".
        _nacks.Add(0, type);
    }

    public void Acked(string typeUrl) => _acks.Add(1, Type(typeUrl));

    public void Nacked(string typeUrl) => _nacks.Add(1, Type(typeUrl));

    public void StaleNonce(string typeUrl) => _staleNonces.Add(1, Type(typeUrl));

    public void Converged(string typeUrl, TimeSpan elapsed) => _convergence.Record(elapsed.TotalSeconds, Type(typeUrl));

    private static KeyValuePair<string, object?> Kind(XdsStreamKind kind) => new("kind", kind == XdsStreamKind.Sotw ? "sotw" : "delta");

    private static KeyValuePair<string, object?> Type(string typeUrl) => new("type", TypeUrls.ShortName(typeUrl));
}
