using Tdcc.Mesh.ApiMachinery.Resource;

namespace Tdcc.Mesh.ApiMachinery.Tests.Resource;

public sealed class ResourceListsTests
{
    [Fact]
    public void Sum_MixedUnits_CanonicalTotals()
    {
        var totals = ResourceLists.Sum(
        [
            new Dictionary<string, string> { ["cpu"] = "3500m", ["memory"] = "1Gi", ["pods"] = "110" },
            new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "512Mi", ["pods"] = "110", ["bogus"] = "x" },
            null,
        ]);

        totals.Should().Equal(new Dictionary<string, string> { ["cpu"] = "5500m", ["memory"] = "1536Mi", ["pods"] = "220" });
    }
}
