using Tdcc.Mesh.Kube.Runtime.Events;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Events;

public sealed class EventSpamFilterTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allow_PastTheBurst_DroppedUntilARefill()
    {
        var filter = new EventSpamFilter(cacheSize: 16, burst: 3, refill: TimeSpan.FromMinutes(5));

        Enumerable.Range(0, 5).Select(_ => filter.Allow("ns/Pod/web", Start)).Should().Equal(true, true, true, false, false);
        filter.Allow("ns/Pod/other", Start).Should().BeTrue("each object has its own bucket");
        filter.Allow("ns/Pod/web", Start + TimeSpan.FromMinutes(4)).Should().BeFalse();
        filter.Allow("ns/Pod/web", Start + TimeSpan.FromMinutes(5)).Should().BeTrue("one token per refill period");
        filter.Allow("ns/Pod/web", Start + TimeSpan.FromMinutes(6)).Should().BeFalse();
    }

    [Fact]
    public void Allow_BurstZero_NeverFilters()
    {
        var filter = new EventSpamFilter(cacheSize: 16, burst: 0, refill: TimeSpan.FromMinutes(5));

        Enumerable.Range(0, 100).Should().OnlyContain(_ => filter.Allow("ns/Pod/web", Start));
    }
}
