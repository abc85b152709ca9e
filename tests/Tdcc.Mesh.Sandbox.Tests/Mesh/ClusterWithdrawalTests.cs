using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Sandbox.Mesh;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

public sealed class ClusterWithdrawalTests
{
    private readonly FakeLifecycle lifecycle = new();
    private readonly RecordingMcsHub mcsHub = new();

    [Theory]
    [InlineData(ClusterLifecycleEventType.Withdraw)]
    [InlineData(ClusterLifecycleEventType.Left)]
    public async Task LifecycleEvent_ClusterGivenUp_ExportsWithdrawnById(ClusterLifecycleEventType type)
    {
        using var withdrawal = new ClusterWithdrawal(lifecycle, mcsHub, NullLogger.Instance);

        await lifecycle.RaiseAsync(Event(type, "west", "id-west"));

        mcsHub.Withdrawn.Should().Equal("id-west");
    }

    [Theory]
    [InlineData(ClusterLifecycleEventType.Joined)]
    [InlineData(ClusterLifecycleEventType.Ready)]
    [InlineData(ClusterLifecycleEventType.Offline)]
    public async Task LifecycleEvent_ClusterStillMember_NothingWithdrawn(ClusterLifecycleEventType type)
    {
        using var withdrawal = new ClusterWithdrawal(lifecycle, mcsHub, NullLogger.Instance);

        await lifecycle.RaiseAsync(Event(type, "west", "id-west"));

        mcsHub.Withdrawn.Should().BeEmpty("an offline cluster keeps its endpoints until the grace period ends");
    }

    [Fact]
    public async Task Dispose_AfterwardsEvents_Ignored()
    {
        var withdrawal = new ClusterWithdrawal(lifecycle, mcsHub, NullLogger.Instance);
        withdrawal.Dispose();

        await lifecycle.RaiseAsync(Event(ClusterLifecycleEventType.Withdraw, "west", "id-west"));

        mcsHub.Withdrawn.Should().BeEmpty();
    }

    private static ClusterLifecycleEvent Event(ClusterLifecycleEventType type, string name, string id) =>
        new(type, name, id, $"tdcc-cluster-{name}", DateTimeOffset.UnixEpoch);

    private sealed class FakeLifecycle : IClusterLifecycle
    {
        private readonly List<Func<ClusterLifecycleEvent, CancellationToken, Task>> handlers = [];

        public IDisposable Subscribe(Func<ClusterLifecycleEvent, CancellationToken, Task> handler)
        {
            handlers.Add(handler);
            return new Unsubscriber(() => handlers.Remove(handler));
        }

        public async Task RaiseAsync(ClusterLifecycleEvent lifecycleEvent)
        {
            foreach (var handler in handlers.ToList())
            {
                await handler(lifecycleEvent, CancellationToken.None);
            }
        }

        private sealed class Unsubscriber(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }

    private sealed class RecordingMcsHub : IMcsHub
    {
        public List<string> Withdrawn { get; } = [];

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task WithdrawClusterAsync(string clusterId, CancellationToken cancellationToken = default)
        {
            Withdrawn.Add(clusterId);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
