using Tdcc.Mesh.ApiMachinery.Selectors;

namespace Tdcc.Mesh.ApiMachinery.Tests.Selectors;

public sealed class LabelSyntaxTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("example.com/My_name-1")]
    public void ValidateKey_QualifiedName_NoErrors(string key) => LabelSyntax.ValidateKey(key).Should().BeEmpty();

    [Fact]
    public void ValidateKey_EmptyNamePart_EmptyAndPatternErrorsAsKube()
    {
        var errors = LabelSyntax.ValidateKey("example.com/");

        errors.Should().HaveCount(2);
        errors[0].Should().Be("name part must be non-empty");
        errors[1].Should().StartWith("name part must consist of alphanumeric characters");
    }

    [Fact]
    public void ValidateKey_TwoSlashes_OneQualifiedNameError()
    {
        LabelSyntax.ValidateKey("a/b/c").Should().ContainSingle().Which.Should().StartWith("a qualified name must consist of").And.EndWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("v1.2_x", 0)]
    [InlineData("-bad", 1)]
    public void ValidateValue_LabelValue_KubesVerdict(string value, int errors) => LabelSyntax.ValidateValue(value).Should().HaveCount(errors);
}
