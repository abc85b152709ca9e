using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Tests.Schema;

public sealed class CrdSchemaValidatorTests
{
    private const string Root = "spec.versions[0].schema.openAPIV3Schema";

    private static string[] Validate(string schema) =>
        CrdSchemaValidator.Validate(JsonAssert.Parse(schema), 0).Select(e => e.ToString()).ToArray();

    [Fact]
    public void Validate_StructuralSchema_NoErrors()
    {
        Validate("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "port":{"x-kubernetes-int-or-string":true},
              "any":{"x-kubernetes-preserve-unknown-fields":true},
              "l":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"}}}},
              "m":{"type":"object","additionalProperties":{"type":"string"}}}}}}
            """).Should().BeEmpty();
    }

    [Fact]
    public void Validate_MissingType_RequiredForObjectFields()
    {
        Validate("""{"type":"object","properties":{"spec":{"properties":{}}}}""")
            .Should().Equal($"{Root}.properties[spec].type: Required value: must not be empty for specified object fields");
    }

    [Fact]
    public void Validate_MissingItemsType_RequiredForArrayItems()
    {
        Validate("""{"type":"object","properties":{"l":{"type":"array","items":{}}}}""")
            .Should().Equal($"{Root}.properties[l].items.type: Required value: must not be empty for specified array items");
    }

    [Fact]
    public void Validate_RootNotObject_Invalid()
    {
        Validate("""{"type":"string"}""").Should().Equal($"{Root}.type: Invalid value: \"string\": must be object at the root");
    }

    [Fact]
    public void Validate_UnknownType_NotSupported()
    {
        Validate("""{"type":"object","properties":{"a":{"type":"float"}}}""").Single().Should().Contain("Unsupported value: \"float\"");
    }

    [Fact]
    public void Validate_AdditionalPropertiesWithProperties_Forbidden()
    {
        Validate("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":{"type":"string"}}}}""")
            .Should().Equal($"{Root}.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive");
    }

    [Fact]
    public void Validate_AdditionalPropertiesFalse_Forbidden()
    {
        Validate("""{"type":"object","additionalProperties":false}""").Single().Should().EndWith("additionalProperties cannot be set to false");
    }

    [Fact]
    public void Validate_Ref_Forbidden()
    {
        Validate("""{"type":"object","properties":{"a":{"type":"object","$ref":"#/x"}}}""").Single().Should().EndWith("$ref is not supported");
    }

    [Fact]
    public void Validate_UniqueItemsTrue_Forbidden()
    {
        Validate("""{"type":"object","properties":{"a":{"type":"array","uniqueItems":true,"items":{"type":"string"}}}}""").Single().Should().Contain("uniqueItems cannot be set to true");
    }

    [Fact]
    public void Validate_MapListWithoutKeys_Required()
    {
        Validate("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object"}}}}""")
            .Should().Equal($"{Root}.properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map");
    }

    [Fact]
    public void Validate_MetadataBeyondName_Forbidden()
    {
        Validate("""{"type":"object","properties":{"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}}""")
            .Should().Contain($"{Root}.properties[metadata].properties[labels]: Forbidden: must not be specified at the root");
    }

    [Fact]
    public void Validate_IntOrStringWithType_Invalid()
    {
        Validate("""{"type":"object","properties":{"p":{"type":"string","x-kubernetes-int-or-string":true}}}""").Single().Should().EndWith("must be empty if x-kubernetes-int-or-string is true");
    }

    [Fact]
    public void Validate_ItemsArray_Forbidden()
    {
        Validate("""{"type":"object","properties":{"p":{"type":"array","items":[{"type":"string"}]}}}""").Single().Should().EndWith("items must be a schema object and not an array");
    }
}
