using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Our client speaking prior-knowledge h2c to the API server (what the sandbox does): lists, creates and a watch multiplexed on one connection.</summary>
public sealed class H2cClientTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    [Fact]
    public async Task KubeClient_Http2PriorKnowledge_ListsAndWatchesOverH2c()
    {
        using var client = new KubeClient(KubeClientOptions.ForServer(live.Server.BaseAddress) with { Http2PriorKnowledge = true });
        var list = await client.Resource<Namespace>().ListAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new TaskCompletionSource<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.Resource<Namespace>().WatchAsync(new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }, cancel.Token))
            {
                if (e.Object?.Metadata.Name == "h2c-watch")
                {
                    seen.TrySetResult(e.Object.Metadata.Name);
                    return;
                }
            }
        });

        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "h2c-watch" } });

        (await seen.Task.WaitAsync(cancel.Token)).Should().Be("h2c-watch");
        await cancel.CancelAsync();
        await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }
}
