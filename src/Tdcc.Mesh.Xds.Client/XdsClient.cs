using System.Reflection;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>
/// A delta ADS client: one <c>DeltaAggregatedResources</c> stream to the xDS server, following Envoy's xDS protocol rules.
/// <list type="bullet">
/// <item>Listeners and clusters by wildcard (<c>*</c>); route configurations, load assignments and secrets by the names
/// the listeners and clusters refer to, subscribed and unsubscribed as those change.</item>
/// <item>Every response is ACKed (its nonce), or NACKed with <c>error_detail</c> when a resource does not decode, the
/// resource limit would be exceeded, or the <see cref="IXdsViewHandler"/> rejects the view; a NACKed response is not
/// applied.</item>
/// <item>Views go to the handler only when every referenced resource is present or known not to exist (warming), or
/// after <see cref="XdsClientOptions.WarmingTimeout"/> with what is there.</item>
/// <item>When the stream fails or ends, it reconnects after an exponential backoff with jitter and sends
/// <c>initial_resource_versions</c> of what it holds, so the server sends only what changed.</item>
/// </list>
/// </summary>
public sealed class XdsClient
{
    private static readonly GrpcMethod<DeltaDiscoveryRequest, DeltaDiscoveryResponse> Method =
        new("/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources");

    private readonly XdsClientOptions _options;
    private readonly IXdsViewHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Node _node;

    // The names subscribed per named type (kept across streams), and the types requested on the current stream.
    private readonly Dictionary<string, HashSet<string>> _subscribed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _requested = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);

    private XdsHeldState _held = XdsHeldState.Empty;
    private DateTimeOffset? _warmingDeadline;
    private bool _published;
    private int _streams;
    private int _acks;
    private int _nacks;

    public XdsClient(XdsClientOptions options, IXdsViewHandler handler, ILogger<XdsClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _handler = handler;
        _logger = logger ?? NullLogger<XdsClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _node = BuildNode(options);
        foreach (var typeUrl in XdsTypeUrls.All.Where(type => !XdsTypeUrls.IsWildcard(type)))
        {
            _subscribed[typeUrl] = new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>The node this client announces.</summary>
    public Node Node => _node.Clone();

    /// <summary>How many streams have been opened (1 after the first connect; more after reconnects).</summary>
    public int StreamsOpened => Volatile.Read(ref _streams);

    /// <summary>How many responses were ACKed.</summary>
    public int Acks => Volatile.Read(ref _acks);

    /// <summary>How many responses were NACKed.</summary>
    public int Nacks => Volatile.Read(ref _nacks);

    /// <summary>Runs streams until <paramref name="cancellationToken"/> is cancelled, reconnecting whenever one ends.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(_options.Server, _options.ChannelOptions);
        var backoff = _options.InitialBackoff;
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            attempt++;
            XdsClientLog.Connecting(_logger, _node.Id, _options.Server, attempt);
            Exception? failure = null;
            var responded = false;
            try
            {
                responded = await RunStreamAsync(channel, () => responded = true, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RpcException or IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                failure = e;
            }

            if (responded)
            {
                backoff = _options.InitialBackoff;
                attempt = 0;
            }

            var delay = Jitter(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            if (failure is not null)
            {
                XdsClientLog.StreamFailed(_logger, _node.Id, _options.Server, delay, failure);
            }
            else
            {
                XdsClientLog.StreamEnded(_logger, _node.Id, _options.Server, delay);
            }

            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        XdsClientLog.Stopped(_logger, _node.Id);
    }

    /// <summary>A delay between half and all of <paramref name="backoff"/>, so clients that lost the server together do not return together.</summary>
    private static TimeSpan Jitter(TimeSpan backoff) =>
        TimeSpan.FromTicks((backoff.Ticks / 2) + (long)(Random.Shared.NextDouble() * (backoff.Ticks / 2)));

    private async Task<bool> RunStreamAsync(IGrpcChannel channel, Action responded, CancellationToken cancellationToken)
    {
        using var streamCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var callOptions = _options.BearerToken is { Length: > 0 } token
            ? new GrpcCallOptions { Headers = [new KeyValuePair<string, string>("authorization", "Bearer " + token)] }
            : null;
        using var call = channel.DuplexStreaming(Method, callOptions, streamCancel.Token);
        var writer = call.RequestStream;
        _requested.Clear();
        var anyResponse = false;
        try
        {
            // Clusters before listeners (make before break), then what the held resources name.
            var first = true;
            foreach (var typeUrl in XdsTypeUrls.All.Where(XdsTypeUrls.IsWildcard))
            {
                var request = FirstRequest(typeUrl, [Wildcard]);
                if (first)
                {
                    request.Node = _node;
                    first = false;
                }

                await writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _streams);
            XdsClientLog.StreamOpened(_logger, _node.Id, _options.Server, _held.Count);
            await UpdateSubscriptionsAsync(writer, _held.References(_options.ExtraSecretNames), cancellationToken).ConfigureAwait(false);

            Task<bool>? pending = null;
            while (true)
            {
                pending ??= call.ResponseStream.MoveNextAsync(streamCancel.Token).AsTask();
                if (_warmingDeadline is { } deadline)
                {
                    var wait = deadline - _time.GetUtcNow();
                    if (wait <= TimeSpan.Zero)
                    {
                        await PublishAfterWarmingAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var delay = Task.Delay(wait, _time, delayCancel.Token);
                    var done = await Task.WhenAny(pending, delay).ConfigureAwait(false);
                    await delayCancel.CancelAsync().ConfigureAwait(false);
                    if (done != pending)
                    {
                        continue;
                    }
                }

                if (!await pending.ConfigureAwait(false))
                {
                    return anyResponse;
                }

                pending = null;
                anyResponse = true;
                responded();
                await OnResponseAsync(writer, call.ResponseStream.Current, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await streamCancel.CancelAsync().ConfigureAwait(false);
        }
    }

    private const string Wildcard = "*";

    private DeltaDiscoveryRequest FirstRequest(string typeUrl, IEnumerable<string> names)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = typeUrl };
        request.ResourceNamesSubscribe.Add(names);
        foreach (var resource in _held.Of(typeUrl).Values)
        {
            request.InitialResourceVersions[resource.Name] = resource.Version;
        }

        _requested.Add(typeUrl);
        return request;
    }

    private async Task OnResponseAsync(IClientStreamWriter<DeltaDiscoveryRequest> writer, DeltaDiscoveryResponse response, CancellationToken cancellationToken)
    {
        var typeUrl = response.TypeUrl;
        var type = XdsTypeUrls.ShortName(typeUrl);
        XdsClientLog.ResponseReceived(_logger, type, response.SystemVersionInfo, response.Nonce, response.Resources.Count, response.RemovedResources.Count);
        if (!XdsTypeUrls.All.Contains(typeUrl))
        {
            await NackAsync(writer, response, $"unexpected type {typeUrl}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var updated = new List<XdsHeldResource>(response.Resources.Count);
        string? error = null;
        if (_held.Count + response.Resources.Count > _options.MaxResources)
        {
            error = $"{response.Resources.Count} more resources would exceed the client's limit of {_options.MaxResources}";
        }
        else
        {
            foreach (var resource in response.Resources)
            {
                try
                {
                    var held = XdsResourceDecoder.Decode(typeUrl, resource);
                    if (XdsTypeUrls.IsWildcard(typeUrl) || _subscribed[typeUrl].Contains(held.Name))
                    {
                        updated.Add(held);
                    }
                }
                catch (FormatException e)
                {
                    error = e.Message;
                    break;
                }
            }
        }

        if (error is not null)
        {
            await NackAsync(writer, response, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        var candidate = _held.Apply(typeUrl, updated, response.RemovedResources);
        var references = candidate.References(_options.ExtraSecretNames);
        foreach (var (namedType, wanted) in references)
        {
            candidate = candidate.Retain(namedType, wanted);
        }

        var answeredBefore = _answered.Contains(typeUrl);
        var missing = Missing(candidate, references, typeUrl);
        var changed = updated.Count > 0 || response.RemovedResources.Count > 0 || !answeredBefore || candidate.Count != _held.Count;
        if (missing.Count == 0 && (changed || !_published))
        {
            var view = candidate.ToView(missing);
            var verdict = await _handler.ApplyAsync(view, cancellationToken).ConfigureAwait(false);
            if (verdict is not null)
            {
                await NackAsync(writer, response, verdict, cancellationToken).ConfigureAwait(false);
                return;
            }

            Published(view);
        }
        else if (missing.Count > 0 && changed)
        {
            _warmingDeadline ??= _time.GetUtcNow() + _options.WarmingTimeout;
            XdsClientLog.Warming(_logger, missing.Count, missing[0]);
        }

        _held = candidate;
        _answered.Add(typeUrl);
        await writer.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResponseNonce = response.Nonce }, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _acks);
        XdsClientLog.Acked(_logger, type, response.Nonce);
        await UpdateSubscriptionsAsync(writer, references, cancellationToken).ConfigureAwait(false);
    }

    private void Published(XdsView view)
    {
        _published = true;
        _warmingDeadline = null;
        XdsClientLog.ViewPublished(_logger, view.Version, view.Listeners.Count, view.Clusters.Count, view.Routes.Count, view.LoadAssignments.Count, view.Secrets.Count);
    }

    private async Task PublishAfterWarmingAsync(CancellationToken cancellationToken)
    {
        _warmingDeadline = null;
        var missing = Missing(_held, _held.References(_options.ExtraSecretNames), typeUrl: null);
        var view = _held.ToView(missing);
        XdsClientLog.WarmingTimedOut(_logger, missing.Count, string.Join(", ", missing.Take(10)));
        var verdict = await _handler.ApplyAsync(view, cancellationToken).ConfigureAwait(false);
        if (verdict is not null)
        {
            XdsClientLog.ViewRejected(_logger, view.Version, verdict);
            return;
        }

        Published(view);
    }

    /// <summary>Referenced names neither held nor known absent, and wildcard types never answered.</summary>
    private List<string> Missing(XdsHeldState state, IReadOnlyDictionary<string, IReadOnlySet<string>> references, string? typeUrl)
    {
        var missing = new List<string>();
        foreach (var wildcard in XdsTypeUrls.All.Where(XdsTypeUrls.IsWildcard))
        {
            if (!_answered.Contains(wildcard) && !string.Equals(wildcard, typeUrl, StringComparison.Ordinal))
            {
                missing.Add(XdsTypeUrls.ShortName(wildcard) + " *");
            }
        }

        foreach (var (namedType, names) in references)
        {
            var held = state.Of(namedType);
            missing.AddRange(names
                .Where(name => !held.ContainsKey(name) && !state.IsAbsent(namedType, name))
                .Order(StringComparer.Ordinal)
                .Select(name => XdsTypeUrls.ShortName(namedType) + " " + name));
        }

        return missing;
    }

    private async Task UpdateSubscriptionsAsync(IClientStreamWriter<DeltaDiscoveryRequest> writer, IReadOnlyDictionary<string, IReadOnlySet<string>> references, CancellationToken cancellationToken)
    {
        foreach (var typeUrl in XdsTypeUrls.All.Where(type => !XdsTypeUrls.IsWildcard(type)))
        {
            var wanted = references[typeUrl];
            var current = _subscribed[typeUrl];
            var type = XdsTypeUrls.ShortName(typeUrl);
            if (!_requested.Contains(typeUrl))
            {
                if (wanted.Count == 0)
                {
                    current.Clear();
                    continue;
                }

                var request = FirstRequest(typeUrl, wanted.Order(StringComparer.Ordinal));
                current.Clear();
                current.UnionWith(wanted);
                await writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                XdsClientLog.SubscriptionChanged(_logger, type, wanted.Count, 0);
                continue;
            }

            var subscribe = wanted.Where(name => !current.Contains(name)).Order(StringComparer.Ordinal).ToList();
            var unsubscribe = current.Where(name => !wanted.Contains(name)).Order(StringComparer.Ordinal).ToList();
            if (subscribe.Count == 0 && unsubscribe.Count == 0)
            {
                continue;
            }

            var change = new DeltaDiscoveryRequest { TypeUrl = typeUrl };
            change.ResourceNamesSubscribe.Add(subscribe);
            change.ResourceNamesUnsubscribe.Add(unsubscribe);
            current.UnionWith(subscribe);
            current.ExceptWith(unsubscribe);
            await writer.WriteAsync(change, cancellationToken).ConfigureAwait(false);
            XdsClientLog.SubscriptionChanged(_logger, type, subscribe.Count, unsubscribe.Count);
        }
    }

    private async Task NackAsync(IClientStreamWriter<DeltaDiscoveryRequest> writer, DeltaDiscoveryResponse response, string reason, CancellationToken cancellationToken)
    {
        var nack = new DeltaDiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            ResponseNonce = response.Nonce,
            ErrorDetail = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = reason },
        };
        await writer.WriteAsync(nack, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _nacks);
        XdsClientLog.Nacked(_logger, XdsTypeUrls.ShortName(response.TypeUrl), response.SystemVersionInfo, response.Nonce, reason);
    }

    private static Node BuildNode(XdsClientOptions options)
    {
        var node = new Node
        {
            Id = options.NodeId,
            Cluster = options.Cluster,
            Locality = new Locality { Region = options.Region ?? string.Empty, Zone = options.Zone ?? string.Empty, SubZone = options.Cluster },
            UserAgentName = options.UserAgent,
            UserAgentVersion = typeof(XdsClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            Metadata = new Struct(),
        };
        if (!string.IsNullOrEmpty(options.Role))
        {
            node.Metadata.Fields["TDCC_ROLE"] = Value.ForString(options.Role);
        }

        return node;
    }
}
