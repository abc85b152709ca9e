using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Tests.Cache;

public sealed class SnapshotDebouncerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ISnapshotCache _cache = SnapshotCaches.Create();

    [Fact]
    public void Submit_QuietPeriodPasses_PublishesLastSnapshot()
    {
        using var debouncer = SnapshotCaches.CreateDebouncer(_cache, new SnapshotDebounceOptions { QuietPeriod = TimeSpan.FromMilliseconds(100) }, _time);
        var last = Snapshot.Create(Array.Empty<XdsResource>());

        debouncer.Submit("a", Snapshot.Empty);
        debouncer.Submit("a", last);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        _cache.GetSnapshot("a").Should().BeNull();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        _cache.GetSnapshot("a").Should().BeSameAs(last);
        debouncer.Pending.Should().Be(0);
    }

    [Fact]
    public void Submit_KeepsComing_PublishesAtMaxDelay()
    {
        using var debouncer = SnapshotCaches.CreateDebouncer(
            _cache, new SnapshotDebounceOptions { QuietPeriod = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(250) }, _time);

        for (var i = 0; i < 5; i++)
        {
            debouncer.Submit("a", Snapshot.Empty);
            _time.Advance(TimeSpan.FromMilliseconds(60));
        }

        _cache.GetSnapshot("a").Should().BeSameAs(Snapshot.Empty, "250 ms after the first submit it is published despite the stream of updates");
    }

    [Fact]
    public void Flush_Pending_PublishesAllGroupsAtOnce()
    {
        using var debouncer = SnapshotCaches.CreateDebouncer(_cache, timeProvider: _time);
        debouncer.Submit("a", Snapshot.Empty);
        debouncer.Submit("b", Snapshot.Empty);

        debouncer.Flush();

        _cache.Groups.Should().BeEquivalentTo("a", "b");
    }
}
