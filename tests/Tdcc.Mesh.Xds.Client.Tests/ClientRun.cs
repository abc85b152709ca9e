namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>An <see cref="XdsClient"/> running in the background for a test, stopped on dispose.</summary>
internal sealed class ClientRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public ClientRun(Uri server, string cluster = "west", TimeSpan? warmingTimeout = null)
    {
        Options = new XdsClientOptions
        {
            Server = server,
            NodeId = cluster + "/gateway-0",
            Cluster = cluster,
            Region = "us-west",
            Zone = "us-west-2b",
            ExtraSecretNames = [GatewayResources.TrustBundle],
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
            WarmingTimeout = warmingTimeout ?? TimeSpan.FromSeconds(10),
        };
        Client = new XdsClient(Options, Handler);
        _run = Task.Run(() => Client.RunAsync(_stop.Token));
    }

    public XdsClientOptions Options { get; }

    public RecordingViewHandler Handler { get; } = new();

    public XdsClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
