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
    public void Template_HeldOnTheHubWithReplicasAnnotation_MembersGetTheAnnotatedCountWithoutTheAnnotation()
    {
        var hub = HubDeployment();
        hub["spec"]!["replicas"] = 0;
        hub["metadata"]!["annotations"]!["apps.tdcc.io/replicas"] = "9";

        var template = ManifestRenderer.Template(hub);

        At(template, "spec.replicas").Should().Be("9");
        ManifestRenderer.DesiredReplicas(template).Should().Be(9);
        template["metadata"]!["annotations"]!.AsObject().Select(p => p.Key).Should().Equal("team");
        At(hub, "spec.replicas").Should().Be("0", "the hub object is not changed");
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
