using Tdcc.Mesh.Kube.Runtime.Queues;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Queues;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider time = new();

    private WorkQueue<string> Create(int maxLength = 100) =>
        new(new WorkQueueOptions { Name = "test", MaxLength = maxLength }, time, TestObjects.Instruments());

    [Fact]
    public async Task Add_SameItemTwice_QueuedOnce()
    {
        using var queue = Create();
        queue.Add("a").Should().BeTrue();
        queue.Add("a").Should().BeTrue();
        queue.Add("b");

        queue.Count.Should().Be(2);
        (await queue.GetAsync()).Item.Should().Be("a");
        (await queue.GetAsync()).Item.Should().Be("b");
    }

    [Fact]
    public async Task Add_WhileProcessing_RequeuedOnceAfterDone()
    {
        using var queue = Create();
        queue.Add("a");
        var (item, _) = await queue.GetAsync();

        queue.Add(item);
        queue.Add(item);

        queue.Count.Should().Be(0, "an item being processed is not handed to a second worker");
        queue.Done(item);
        queue.Count.Should().Be(1);
        (await queue.GetAsync()).Item.Should().Be("a");
    }

    [Fact]
    public async Task GetAsync_EmptyQueue_WaitsForAdd()
    {
        using var queue = Create();
        var get = queue.GetAsync();
        get.IsCompleted.Should().BeFalse();

        queue.Add("x");

        (await get.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(("x", false));
    }

    [Fact]
    public async Task ShutDown_WaitingGetter_ReturnsShutDown()
    {
        using var queue = Create();
        var get = queue.GetAsync();

        queue.ShutDown();

        (await get.WaitAsync(TimeSpan.FromSeconds(5))).ShutDown.Should().BeTrue();
        queue.Add("late").Should().BeFalse();
    }

    [Fact]
    public async Task ShutDown_ItemsQueued_StillHandedOut()
    {
        using var queue = Create();
        queue.Add("a");
        queue.ShutDown();

        (await queue.GetAsync()).Should().Be(("a", false));
        (await queue.GetAsync()).ShutDown.Should().BeTrue();
    }

    [Fact]
    public async Task ShutDownWithDrainAsync_InFlightItem_WaitsForDone()
    {
        using var queue = Create();
        queue.Add("a");
        var (item, _) = await queue.GetAsync();

        var drain = queue.ShutDownWithDrainAsync();
        await Task.Delay(20);
        drain.IsCompleted.Should().BeFalse();

        queue.Done(item);
        await drain.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Add_AtMaxLength_Refused()
    {
        using var queue = Create(maxLength: 2);
        queue.Add("a").Should().BeTrue();
        queue.Add("b").Should().BeTrue();

        queue.Add("c").Should().BeFalse();
        queue.Count.Should().Be(2);

        await queue.GetAsync();
        queue.Add("c").Should().BeTrue("a slot is free again once an item is taken");
    }

    [Fact]
    public async Task AddAfter_DelayPasses_ItemAdded()
    {
        using var queue = Create();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(9));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
        (await queue.GetAsync()).Item.Should().Be("a");
    }

    [Fact]
    public void AddAfter_EarlierAddPending_EarlierWins()
    {
        using var queue = Create();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(2));
        queue.Count.Should().Be(1);
    }

    [Fact]
    public void AddAfter_ManyItems_AddedInDueOrder()
    {
        using var queue = Create();
        queue.AddAfter("late", TimeSpan.FromSeconds(5));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(4));
        queue.Count.Should().Be(2);
    }
}
