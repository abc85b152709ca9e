using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Tests.Server;

public sealed class AdsStreamLoopTests
{
    [Fact]
    public async Task RunAsync_SnapshotChangeAndRequestBothWaiting_ChangeHandledFirst()
    {
        await using var provider = new ServiceCollection().AddLogging().AddXds().BuildServiceProvider();
        var services = provider.GetRequiredService<AdsServices>();
        services.Cache.SetSnapshot("node-1", Snapshot.Empty);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var context = new StreamContext(services, new CallContext(cancel.Token), XdsStreamKind.Sotw);
        var requests = new Requests();
        await using var queue = new ResponseQueue<string>(new NullWriter(), 4, services.WriteGate, cancel.Token);
        var firstHandled = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var handled = new List<string>();

        var loop = AdsStreamLoop.RunAsync(
            context,
            requests,
            queue,
            async (request, _) =>
            {
                await context.StartAsync(Ads.Node(), CancellationToken.None);
                handled.Add(request);
                if (request == "first")
                {
                    firstHandled.SetResult();
                    await release.Task;
                }
            },
            _ =>
            {
                handled.Add("snapshot change");
                return ValueTask.CompletedTask;
            },
            cancel.Token);
        requests.Send("first");
        await firstHandled.Task.WaitAsync(cancel.Token);

        // While the loop is busy, a snapshot is set and then a request arrives (a client reacting to it).
        services.Cache.SetSnapshot("node-1", SotwProtocolTests.Translate(("east", "10.0.0.1", true)));
        requests.Send("second");
        release.SetResult();
        requests.End();
        await loop.WaitAsync(cancel.Token);

        handled.Should().Equal("first", "snapshot change", "second");
    }

    private sealed class Requests : IAsyncStreamReader<string>
    {
        private readonly Channel<string> _channel = Channel.CreateUnbounded<string>();

        public string Current { get; private set; } = string.Empty;

        public void Send(string request) => _channel.Writer.TryWrite(request);

        public void End() => _channel.Writer.TryComplete();

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
        {
            if (!await _channel.Reader.WaitToReadAsync(cancellationToken))
            {
                return false;
            }

            Current = await _channel.Reader.ReadAsync(cancellationToken);
            return true;
        }
    }

    private sealed class NullWriter : IAsyncStreamWriter<string>
    {
        public ValueTask WriteAsync(string message, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class CallContext(CancellationToken cancellationToken) : IServerCallContext
    {
        public string Method => XdsMethods.StreamAggregatedResources;

        public string Peer => "ipv4:127.0.0.1:1";

        public DateTimeOffset? Deadline => null;

        public CancellationToken CancellationToken => cancellationToken;

        public IHeaderDictionary RequestHeaders { get; } = new HeaderDictionary();

        public IDictionary<string, string> ResponseTrailers { get; } = new Dictionary<string, string>();

        public HttpContext HttpContext { get; } = new DefaultHttpContext();
    }
}
