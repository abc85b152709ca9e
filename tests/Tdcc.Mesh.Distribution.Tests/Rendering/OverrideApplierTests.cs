using Tdcc.Mesh.Distribution.Rendering;
using static Tdcc.Mesh.Distribution.Tests.Rendering.RenderFixtures;

namespace Tdcc.Mesh.Distribution.Tests.Rendering;

public sealed class OverrideApplierTests
{
    [Fact]
    public void Apply_MergePatch_ChangesAndRemovesFields()
    {
        var result = OverrideApplier.Apply(HubDeployment(), Rule("""{"overrides": [{"type": "MergePatch", "value": {"spec": {"replicas": 1, "selector": null}}}]}"""));

        At(result, "spec.replicas").Should().Be("1");
        At(result, "spec.selector").Should().BeNull();
    }

    [Fact]
    public void Apply_JsonPatch_AddsAnArgument()
    {
        var result = OverrideApplier.Apply(HubDeployment(), Rule("""{"overrides": [{"type": "JSONPatch", "value": [{"op": "add", "path": "/spec/template/spec/containers/0/args/-", "value": "--debug"}]}]}"""));

        At(result, "spec.template.spec.containers.0.args").Should().Be("""["--port=80","--debug"]""");
    }

    [Fact]
    public void Apply_LabelsAndAnnotations_EmptyValueRemovesTheKey()
    {
        var labelled = OverrideApplier.Apply(ManifestRenderer.Template(HubDeployment()), Rule("""{"overrides": [{"type": "Labels", "labels": {"app": "", "tier": "front"}}]}"""));
        var annotated = OverrideApplier.Apply(labelled, Rule("""{"overrides": [{"type": "Annotations", "annotations": {"team": ""}}]}"""));

        At(annotated, "metadata.labels").Should().Be("""{"tier":"front"}""");
        At(annotated, "metadata.annotations").Should().BeNull("the last annotation removed takes the map with it");
    }

    [Theory]
    [InlineData("""{"registry": "mirror.east"}""", "mirror.east/shop/web:1.0")]
    [InlineData("""{"repository": "team/web"}""", "registry.example.com/team/web:1.0")]
    [InlineData("""{"registry": "localhost:5000", "tag": "1.1"}""", "localhost:5000/shop/web:1.1")]
    public void Apply_Image_ReplacesTheGivenParts(string image, string expected)
    {
        var result = OverrideApplier.Apply(HubDeployment(), Rule($$"""{"overrides": [{"type": "Image", "image": {{image}}}]}"""));

        At(result, "spec.template.spec.containers.0.image").Should().Be(expected);
    }

    [Fact]
    public void Apply_ArgsAppendToFirstContainerAndReplaceByName()
    {
        var appended = OverrideApplier.Apply(HubDeployment(), Rule("""{"overrides": [{"type": "Args", "args": {"values": ["-v"]}}]}"""));
        var replaced = OverrideApplier.Apply(appended, Rule("""{"overrides": [{"type": "Args", "args": {"container": "sidecar", "operation": "Replace", "values": ["--quiet"]}}]}"""));

        At(replaced, "spec.template.spec.containers.0.args").Should().Be("""["--port=80","-v"]""");
        At(replaced, "spec.template.spec.containers.1.args").Should().Be("""["--quiet"]""");
    }

    [Fact]
    public void Apply_Env_ReplacesAVariableOfTheSameNameAndAddsTheOthers()
    {
        var result = OverrideApplier.Apply(HubDeployment(), Rule("""{"overrides": [{"type": "Env", "env": {"container": "web", "values": {"MODE": "east", "ZONE": "a"}}}]}"""));

        At(result, "spec.template.spec.containers.0.env").Should().Be("""[{"name":"MODE","value":"east"},{"name":"ZONE","value":"a"}]""");
        At(result, "spec.template.spec.containers.1.env").Should().BeNull();
    }

    [Theory]
    [InlineData("""{"type": "HelmValues", "value": {"a": 1}}""", "HelmValues applies to Helm chart feeds only")]
    [InlineData("""{"type": "Bogus"}""", "unknown override type 'Bogus'")]
    [InlineData("""{"type": "Image", "image": {"tag": "x"}}""", "ConfigMap has no pod template")]
    public void Apply_NotApplicable_ThrowsWithAReason(string rule, string message)
    {
        var configMap = System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion": "v1", "kind": "ConfigMap", "data": {}}""")!.AsObject();
        var target = rule.Contains("Image", StringComparison.Ordinal) ? configMap : HubDeployment();

        var act = () => OverrideApplier.Apply(target, Rule($$"""{"overrides": [{{rule}}]}"""));

        act.Should().Throw<InvalidOperationException>().WithMessage(message);
    }
}
