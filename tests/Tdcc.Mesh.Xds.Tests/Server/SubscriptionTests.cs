using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

public sealed class SubscriptionTests
{
    [Fact]
    public void ApplySotw_EmptyFirstForListeners_IsLegacyWildcard()
    {
        var subscription = new Subscription(legacyWildcardAllowed: true);

        subscription.ApplySotw([]).Should().BeTrue();

        subscription.Wildcard.Should().BeTrue();
    }

    [Fact]
    public void ApplySotw_EmptyForEndpoints_IsNothing()
    {
        var subscription = new Subscription(legacyWildcardAllowed: false);

        subscription.ApplySotw([]);

        subscription.Wildcard.Should().BeFalse();
        subscription.Names.Should().BeEmpty();
    }

    [Fact]
    public void ApplySotw_EmptyAfterExplicitName_UnsubscribesAll()
    {
        var subscription = new Subscription(legacyWildcardAllowed: true);
        subscription.ApplySotw(["a"]);

        subscription.ApplySotw([]).Should().BeFalse();

        subscription.Wildcard.Should().BeFalse();
        subscription.Names.Should().BeEmpty();
    }

    [Fact]
    public void ApplySotw_StarAndName_WildcardPlusExplicit()
    {
        var subscription = new Subscription(legacyWildcardAllowed: true);

        subscription.ApplySotw(["*", "a"]);

        subscription.Wildcard.Should().BeTrue();
        subscription.Names.Should().Equal("a");
        subscription.Describe().Should().Equal("*", "a");
    }

    [Fact]
    public void ApplySotw_SameNamesAgain_NothingAdded()
    {
        var subscription = new Subscription(legacyWildcardAllowed: false);
        subscription.ApplySotw(["a", "b"]);

        subscription.ApplySotw(["b", "a"]).Should().BeFalse();
        subscription.ApplySotw(["a", "b", "c"]).Should().BeTrue();
    }

    [Fact]
    public void ApplyDelta_SpuriousUnsubscribe_Ignored()
    {
        var subscription = new Subscription(legacyWildcardAllowed: false);
        subscription.ApplyDelta(["a"], [], firstRequest: true);

        var change = subscription.ApplyDelta([], ["zzz"], firstRequest: false);

        change.Unsubscribed.Should().BeEmpty();
        subscription.Names.Should().Equal("a");
    }

    [Fact]
    public void ApplyDelta_UnsubscribeStar_EndsWildcard()
    {
        var subscription = new Subscription(legacyWildcardAllowed: true);
        subscription.ApplyDelta([], [], firstRequest: true).WildcardAdded.Should().BeTrue();

        subscription.ApplyDelta([], ["*"], firstRequest: false).WildcardRemoved.Should().BeTrue();
    }
}
