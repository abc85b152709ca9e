using Tdcc.Mesh.Kube.Runtime.Events;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Events;

public sealed class LruCacheTests
{
    [Fact]
    public void Set_PastCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.TryGet("a", out _).Should().BeTrue();

        cache.Set("c", 3);

        cache.Count.Should().Be(2);
        cache.TryGet("b", out _).Should().BeFalse();
        cache.TryGet("a", out var a).Should().BeTrue();
        a.Should().Be(1);
        cache.TryGet("c", out _).Should().BeTrue();
    }
}
