using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>
/// Event recorders of several components sharing one API client, as the controllers of kube-controller-manager,
/// the scheduler and each node's kubelet have one each: <see cref="For"/> returns the recorder of a component
/// (and source host), created and started on first use, one per pair. At most <see cref="MaxRecorders"/> recorders
/// exist, so the set stays bounded whatever the callers ask. Disposing it writes what is queued, then stops them all.
/// </summary>
public sealed class EventRecorderSet : IAsyncDisposable
{
    /// <summary>The most recorders one set creates; asking for more is a programming error.</summary>
    public const int MaxRecorders = 256;

    private readonly ConcurrentDictionary<(string Component, string Host), Lazy<EventRecorder>> recorders = new();
    private readonly IKubeClient client;
    private readonly TimeProvider time;
    private readonly EventInstruments instruments;
    private readonly ILoggerFactory loggerFactory;
    private readonly Action<EventRecorderOptions>? configure;
    private int disposed;

    internal EventRecorderSet(IKubeClient client, TimeProvider time, EventInstruments instruments, ILoggerFactory loggerFactory, Action<EventRecorderOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.client = client;
        this.time = time;
        this.instruments = instruments;
        this.loggerFactory = loggerFactory;
        this.configure = configure;
    }

    /// <summary>How many recorders have been created.</summary>
    public int Count => recorders.Count;

    /// <summary>
    /// The recorder whose events carry <c>source.component</c> and <c>reportingComponent</c> <paramref name="component"/>
    /// and <c>source.host</c> <paramref name="host"/> (empty for kube's controllers, the node name for a kubelet).
    /// </summary>
    public IEventRecorder For(string component, string host = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentNullException.ThrowIfNull(host);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var key = (component, host);
        if (!recorders.TryGetValue(key, out var lazy))
        {
            if (recorders.Count >= MaxRecorders)
            {
                throw new InvalidOperationException($"an event recorder set holds at most {MaxRecorders} recorders");
            }

            lazy = recorders.GetOrAdd(key, k => new Lazy<EventRecorder>(() => Create(k.Component, k.Host)));
        }

        return lazy.Value;
    }

    /// <summary>The events every recorder of the set dropped (queue full, or spam-filtered).</summary>
    public long DroppedCount => recorders.Values.Where(l => l.IsValueCreated).Sum(l => l.Value.DroppedCount);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(recorders.Values.Where(l => l.IsValueCreated).Select(l => l.Value.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private EventRecorder Create(string component, string host)
    {
        var options = new EventRecorderOptions { Component = component, Host = host };
        configure?.Invoke(options);
        options.Component = component;
        options.Host = host;
        var recorder = new EventRecorder(client, options, time, instruments, loggerFactory.CreateLogger<EventRecorder>());
        recorder.Start();
        return recorder;
    }
}
