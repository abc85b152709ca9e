using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Rendering;

namespace Tdcc.Mesh.Distribution.Tests.Rendering;

public sealed class HelmValuesMergerTests
{
    [Fact]
    public void Merge_OverridesInOrder_DeepMergeLaterWinsNullRemoves()
    {
        var values = Element("""{"greeting": "hi", "image": {"repository": "nginx", "tag": "1.0"}, "debug": true}""");
        SourcedOverride[] overrides =
        [
            new("Globalization/all", Rule("""{"image": {"tag": "1.1"}, "debug": null}""")),
            new("Localization/tdcc-cluster-west/west", Rule("""{"image": {"tag": "1.2"}, "greeting": "west"}""")),
        ];

        var merged = HelmValuesMerger.Merge(values, overrides);

        JsonNode.DeepEquals(merged, JsonNode.Parse("""{"greeting": "west", "image": {"repository": "nginx", "tag": "1.2"}}""")).Should().BeTrue(merged.ToJsonString());
    }

    [Fact]
    public void Merge_OtherOverrideType_ReportedWithItsSource()
    {
        var act = () => HelmValuesMerger.Merge(null, [new SourcedOverride("Localization/ns/x", new OverrideRule { Name = "tag", Type = OverrideTypes.Image })]);

        act.Should().Throw<OverrideException>().WithMessage("Localization/ns/x: override tag (Image): only HelmValues overrides apply to Helm chart feeds");
    }

    private static OverrideRule Rule(string value) => new() { Type = OverrideTypes.HelmValues, Value = Element(value) };

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
