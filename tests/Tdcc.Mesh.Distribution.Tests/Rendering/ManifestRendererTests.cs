using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Rendering;
using static Tdcc.Mesh.Distribution.Tests.Rendering.RenderFixtures;

namespace Tdcc.Mesh.Distribution.Tests.Rendering;

public sealed class ManifestRendererTests
{
    [Fact]
    public void Template_HubObject_KeepsIdentityLabelsAndSpecWithoutServerFieldsOrStatus()
    {
        var template = ManifestRenderer.Template(HubDeployment());

        template["metadata"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("name", "namespace", "labels", "annotations");
        template["metadata"]!["annotations"]!.AsObject().Select(p => p.Key).Should().Equal("team");
        template.ContainsKey("status").Should().BeFalse();
        At(template, "spec.replicas").Should().Be("6");
    }

    [Fact]
    public void Render_ReplicasAndOverrides_AppliedInOrderLaterWins()
    {
        var template = ManifestRenderer.Template(HubDeployment());
        SourcedOverride[] overrides =
        [
            new("Globalization/all", Rule("""{"overrides": [{"type": "Image", "image": {"tag": "2.0"}}]}""")),
            new("Localization/tdcc-cluster-east/east", Rule("""{"overrides": [{"type": "Image", "image": {"container": "web", "tag": "2.1"}}]}""")),
        ];

        var rendered = ManifestRenderer.Render(template, 2, overrides);

        At(rendered, "spec.replicas").Should().Be("2");
        At(rendered, "spec.template.spec.containers.0.image").Should().Be("registry.example.com/shop/web:2.1");
        At(rendered, "spec.template.spec.containers.1.image").Should().Be("proxy:2.0", "a new tag drops the digest");
        At(rendered, "spec.template.spec.initContainers.0.image").Should().Be("busybox:2.0");
        At(template, "spec.replicas").Should().Be("6", "the template is not changed");
    }

    [Fact]
    public void Render_FailingOverride_ThrowsNamingItsSource()
    {
        var template = ManifestRenderer.Template(HubDeployment());
        SourcedOverride[] overrides = [new("Localization/tdcc-cluster-east/bad", Rule("""{"overrides": [{"name": "pin", "type": "Env", "env": {"container": "nope", "values": {"A": "1"}}}]}"""))];

        var act = () => ManifestRenderer.Render(template, null, overrides);

        act.Should().Throw<OverrideException>().WithMessage("Localization/tdcc-cluster-east/bad: override pin (Env): no container named nope");
    }

    [Fact]
    public void DesiredReplicas_DeploymentWithoutReplicas_IsKubesDefaultOneAndConfigMapIsNotDivided()
    {
        ManifestRenderer.DesiredReplicas(JsonNode.Parse("""{"kind": "Deployment", "spec": {}}""")!.AsObject()).Should().Be(1);
        ManifestRenderer.DesiredReplicas(JsonNode.Parse("""{"kind": "ConfigMap", "data": {}}""")!.AsObject()).Should().BeNull();
    }
}
