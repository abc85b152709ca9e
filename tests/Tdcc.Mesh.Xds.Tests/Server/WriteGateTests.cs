using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

public sealed class WriteGateTests
{
    [Fact]
    public async Task WriteAsync_StuckWriterHoldsTheOnlySlot_OthersWriteAfterTheHoldLimit()
    {
        using var gate = new WriteGate(1, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        var stuck = new Writer(new TaskCompletionSource());
        var free = new Writer(null);

        var stuckWrite = gate.WriteAsync(stuck, "a", CancellationToken.None).AsTask();
        await gate.WriteAsync(free, "b", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        free.Written.Should().Equal("b");
        stuckWrite.IsCompleted.Should().BeFalse("the stuck write still waits on its own client");
        stuck.Release!.SetResult();
        await stuckWrite.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WriteAsync_NoLimit_WritesDirectly()
    {
        using var gate = new WriteGate(0, TimeProvider.System);
        var writer = new Writer(null);

        await gate.WriteAsync(writer, "a", CancellationToken.None);

        writer.Written.Should().Equal("a");
    }

    private sealed class Writer(TaskCompletionSource? release) : IAsyncStreamWriter<string>
    {
        public TaskCompletionSource? Release => release;

        public List<string> Written { get; } = [];

        public ValueTask WriteAsync(string message, CancellationToken cancellationToken = default)
        {
            Written.Add(message);
            return release is null ? ValueTask.CompletedTask : new ValueTask(release.Task);
        }
    }
}
