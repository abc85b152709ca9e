using System.Collections.Immutable;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Rendering;
using Tdcc.Mesh.Kube.Model;
using static Tdcc.Mesh.Distribution.Tests.Rendering.RenderFixtures;

namespace Tdcc.Mesh.Distribution.Tests.Rendering;

public sealed class OverrideOrderTests
{
    private static readonly Feed Web = new() { ApiVersion = "apps/v1", Kind = "Deployment", Namespace = "shop", Name = "web" };

    [Fact]
    public void For_GlobalizationsThenLocalizations_EachByPriorityThenName()
    {
        Globalization[] globals =
        [
            Glob("g-high", 900, null),
            Glob("g-b", 100, null),
            Glob("g-a", 100, null),
            Glob("g-prod-only", 1, new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("env", "prod") }),
            Glob("g-other-feed", 1, null) with { Spec = Glob("x", 1, null).Spec! with { Feed = Web with { Name = "api" } } },
        ];
        Localization[] locals = [Loc("l-low", 0), Loc("l-default", null)];

        var order = OverrideOrder.For(Web, ImmutableDictionary<string, string>.Empty.Add("env", "dev"), globals, locals);

        order.Select(o => o.Source).Should().Equal(
            "Globalization/g-a", "Globalization/g-b", "Globalization/g-high", "Localization/tdcc-cluster-east/l-low", "Localization/tdcc-cluster-east/l-default");
    }

    private static Globalization Glob(string name, int priority, LabelSelector? selector) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = Spec("""{"overrides": [{"type": "Labels", "labels": {"a": "b"}}]}""") with { Feed = Web, Priority = priority, ClusterSelector = selector },
    };

    private static Localization Loc(string name, int? priority) => new()
    {
        Metadata = new ObjectMeta { Namespace = "tdcc-cluster-east", Name = name },
        Spec = Spec("""{"overrides": [{"type": "Labels", "labels": {"a": "b"}}]}""") with { Feed = Web, Priority = priority },
    };
}
