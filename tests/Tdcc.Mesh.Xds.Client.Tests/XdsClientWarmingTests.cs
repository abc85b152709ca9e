using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>Warming when a referenced resource never comes.</summary>
[Trait("Category", "Slow")]
public sealed class XdsClientWarmingTests
{
    [Fact]
    public async Task RunAsync_ReferencedResourceNeverComes_PublishesWhatIsThereAfterTheWarmingTimeout()
    {
        await using var server = await SilentEdsServer.StartAsync();
        var started = DateTime.UtcNow;
        await using var run = new ClientRun(server.Address, warmingTimeout: TimeSpan.FromMilliseconds(800));

        await Eventually.TrueAsync(() => run.Handler.Last is not null, "the view after the warming time");

        (DateTime.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromMilliseconds(700), "nothing is published while warming");
        var view = run.Handler.Last!;
        view.Complete.Should().BeFalse();
        view.Clusters.Should().ContainKey(SilentEdsServer.ClusterName);
        view.Missing.Should().Contain("EDS " + SilentEdsServer.ClusterName);
        run.Handler.Views.Should().ContainSingle("an incomplete view is published once per warming period, not per response");
    }
}
