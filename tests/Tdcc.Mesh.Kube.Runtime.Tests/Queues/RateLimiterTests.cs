using Tdcc.Mesh.Kube.Runtime.Queues;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Queues;

public sealed class RateLimiterTests
{
    [Fact]
    public void NextDelay_RepeatedFailures_DoublesUpToCap()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(100));

        var delays = Enumerable.Range(0, 7).Select(_ => limiter.NextDelay("a").TotalMilliseconds).ToList();

        delays.Should().Equal(5, 10, 20, 40, 80, 100, 100);
        limiter.NumRequeues("a").Should().Be(7);
        limiter.NextDelay("b").Should().Be(TimeSpan.FromMilliseconds(5), "backoff is per item");
    }

    [Fact]
    public void Forget_AfterFailures_StartsAgainAtBase()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        limiter.NextDelay("a");
        limiter.NextDelay("a");

        limiter.Forget("a");

        limiter.NumRequeues("a").Should().Be(0);
        limiter.NextDelay("a").Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void NextDelay_ManyFailures_NoOverflow()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        for (var i = 0; i < 200; i++)
        {
            limiter.NextDelay("a");
        }

        limiter.NextDelay("a").Should().Be(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void NextDelay_BurstUsedUp_WaitsForRefill()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(perSecond: 10, burst: 2, time);

        limiter.NextDelay("a").Should().Be(TimeSpan.Zero);
        limiter.NextDelay("b").Should().Be(TimeSpan.Zero);
        limiter.NextDelay("c").Should().Be(TimeSpan.FromMilliseconds(100));
        limiter.NextDelay("d").Should().Be(TimeSpan.FromMilliseconds(200));

        time.Advance(TimeSpan.FromSeconds(1));
        limiter.NextDelay("e").Should().Be(TimeSpan.Zero, "the bucket refills over time");
    }

    [Fact]
    public void NextDelay_MaxOf_LongestDelayWins()
    {
        var time = new FakeTimeProvider();
        var limiter = new MaxOfRateLimiter<string>(
            new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(10)),
            new TokenBucketRateLimiter<string>(perSecond: 1, burst: 1, time));

        limiter.NextDelay("a").Should().Be(TimeSpan.FromMilliseconds(5), "per-item backoff is longer while tokens last");
        limiter.NextDelay("b").Should().Be(TimeSpan.FromSeconds(1), "then the overall limit dominates");
        limiter.NumRequeues("a").Should().Be(1);
    }

    [Fact]
    public async Task AddRateLimited_Failures_BackoffGrowsThenForgetResets()
    {
        var time = new FakeTimeProvider();
        using var queue = WorkQueueFactory.Create<string>(
            new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(4) }, time, TestObjects.Instruments());

        foreach (var expected in new[] { 1, 2, 4, 4 })
        {
            queue.AddRateLimited("a");
            time.Advance(TimeSpan.FromSeconds(expected) - TimeSpan.FromTicks(1));
            queue.Count.Should().Be(0);
            time.Advance(TimeSpan.FromTicks(1));
            queue.Count.Should().Be(1);
            var (item, _) = await queue.GetAsync();
            queue.Done(item);
        }

        queue.NumRequeues("a").Should().Be(4);
        queue.Forget("a");
        queue.NumRequeues("a").Should().Be(0);
    }
}
