using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Controllers;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

public sealed class TemplateHashTests
{
    [Fact]
    public void Of_SameTemplateBuiltInAnotherOrder_SameHash()
    {
        var a = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = ImmutableDictionary<string, string>.Empty.Add("a", "1").Add("b", "2") } };
        var b = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = ImmutableDictionary<string, string>.Empty.Add("b", "2").Add("a", "1") } };

        TemplateHash.Of(a).Should().Be(TemplateHash.Of(b)).And.MatchRegex("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$");
    }

    [Fact]
    public void Of_ChangedTemplate_DifferentHash()
    {
        var a = new PodTemplateSpec { Spec = TestWorkloads.EchoSpec() };
        var b = new PodTemplateSpec { Spec = TestWorkloads.EchoSpec(cpu: "100m") };

        TemplateHash.Of(a).Should().NotBe(TemplateHash.Of(b));
    }
}
