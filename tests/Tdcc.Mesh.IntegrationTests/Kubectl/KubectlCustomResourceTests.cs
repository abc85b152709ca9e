using System.Text.RegularExpressions;
using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>Discovery, CRDs and custom resources through kubectl: api-resources, explain, printer columns, schema errors.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlCustomResourceTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task ApiResources_BuiltInsAndAppliedCrd_ListedWithShortNames()
    {
        RequirePeer.Present(Kubectl.Peer);
        await ApplyCrdAsync();

        var lines = (await _kubectl.OkAsync("api-resources")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].Should().MatchRegex(@"^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$");
        lines.Should().Contain(l => Regex.IsMatch(l, @"^pods\s+po\s+v1\s+true\s+Pod$"));
        lines.Should().Contain(l => Regex.IsMatch(l, @"^namespaces\s+ns\s+v1\s+false\s+Namespace$"));
        lines.Should().Contain(l => Regex.IsMatch(l, @"^services\s+svc\s+v1\s+true\s+Service$"));
        lines.Should().Contain(l => Regex.IsMatch(l, @"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$"));
        lines.Should().Contain(l => Regex.IsMatch(l, @"^customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io/v1\s+false\s+CustomResourceDefinition$"));
        lines.Should().Contain(l => Regex.IsMatch(l, @"^widgets\s+wg\s+example.com/v1\s+true\s+Widget$"));

        (await _kubectl.OkAsync("api-resources", "--api-group=example.com", "-o", "name")).Should().Be("widgets.example.com\n");
    }

    [PeerFact("kubectl")]
    public async Task Explain_CrdField_ShowsSchemaDescriptions()
    {
        RequirePeer.Present(Kubectl.Peer);
        await ApplyCrdAsync();

        var spec = await _kubectl.OkAsync("explain", "widget.spec");
        spec.Should().Contain("GROUP:      example.com").And.Contain("KIND:       Widget").And.Contain("VERSION:    v1")
            .And.Contain("FIELD: spec <Object>")
            .And.Contain("Spec says what the widget should look like.")
            .And.Contain("How big the widget is in centimetres.")
            .And.Contain("The colour the widget is painted.");
        (await _kubectl.OkAsync("explain", "wg.spec.size")).Should().Contain("FIELD: size <integer>").And.Contain("How big the widget is in centimetres.");
    }

    [PeerFact("kubectl")]
    public async Task Get_CustomResources_ShowPrinterColumns()
    {
        RequirePeer.Present(Kubectl.Peer);
        await ApplyCrdAsync();
        var ns = fixture.CreateNamespace("widgets");

        (await _kubectl.OkWithInputAsync(Manifests.Widget("small", ns, "2", "red") + "\n---\n" + Manifests.Widget("large", ns, "9", "blue"), "apply", "-f", "-"))
            .Should().Be("widget.example.com/small created\nwidget.example.com/large created\n");

        var lines = (await _kubectl.OkAsync("get", "wg", "-n", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().MatchRegex(@"^NAME\s+SIZE\s+COLOR$");
        lines.Should().Contain(l => Regex.IsMatch(l, @"^small\s+2\s+red$"));
        lines.Should().Contain(l => Regex.IsMatch(l, @"^large\s+9\s+blue$"));
        (await _kubectl.OkAsync("get", "widgets.example.com", "large", "-n", ns, "-o", "jsonpath={.spec.size}")).Should().Be("9");
    }

    [PeerFact("kubectl")]
    public async Task Apply_CustomResourceViolatingSchema_PrintsInvalid()
    {
        RequirePeer.Present(Kubectl.Peer);
        await ApplyCrdAsync();
        var ns = fixture.CreateNamespace("invalid");

        (await _kubectl.FailAsync(Manifests.Widget("x", ns, "0"), "apply", "-f", "-"))
            .Should().Be("The Widget \"x\" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1\n");
        (await _kubectl.FailAsync(Manifests.Widget("x", ns, "big"), "apply", "-f", "-"))
            .Should().Be("The Widget \"x\" is invalid: spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"\n");
    }

    private async Task ApplyCrdAsync()
    {
        var output = await _kubectl.OkWithInputAsync(Manifests.WidgetCrd, "apply", "-f", "-");
        output.Should().MatchRegex(@"^customresourcedefinition.apiextensions.k8s.io/widgets.example.com (created|unchanged)\n$");
    }
}
