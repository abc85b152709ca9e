using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Tests.Schema;

public sealed class SchemaValidatorTests
{
    private static StructuralSchema Spec(string specProperties, string required = "[]") => StructuralSchema.Parse(JsonAssert.Parse(
        "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"required\":" + required + ",\"properties\":" + specProperties + "}}}"));

    private static IReadOnlyList<FieldError> Validate(string specProperties, string spec, string required = "[]") =>
        SchemaValidator.Validate(JsonAssert.Parse($$"""{"apiVersion":"x/v1","kind":"W","spec":{{spec}}}"""), Spec(specProperties, required));

    [Fact]
    public void Validate_WrongType_ReportsKubeTypeMessage()
    {
        var error = Validate("""{"replicas":{"type":"integer"}}""", """{"replicas":"three"}""").Single();
        error.Field.Should().Be("spec.replicas");
        error.Reason.Should().Be(FieldErrorReason.TypeInvalid);
        error.Message.Should().Be("Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
        error.ToString().Should().Be("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
    }

    [Fact]
    public void Validate_FractionForInteger_ReportsNumber()
    {
        Validate("""{"n":{"type":"integer"}}""", """{"n":1.5}""").Single().Message.Should().Be("Invalid value: \"number\": spec.n in body must be of type integer: \"number\"");
    }

    [Fact]
    public void Validate_IntegerForNumber_Accepted()
    {
        Validate("""{"n":{"type":"number"}}""", """{"n":2}""").Should().BeEmpty();
    }

    [Fact]
    public void Validate_NullNotNullable_ReportsTypeNull()
    {
        Validate("""{"s":{"type":"string"}}""", """{"s":null}""").Single().Message.Should().Be("Invalid value: \"null\": spec.s in body must be of type string: \"null\"");
    }

    [Fact]
    public void Validate_NullNullable_Accepted()
    {
        Validate("""{"s":{"type":"string","nullable":true}}""", """{"s":null}""").Should().BeEmpty();
    }

    [Fact]
    public void Validate_MissingRequired_ReportsRequiredValue()
    {
        var error = Validate("""{"a":{"type":"string"}}""", "{}", """["a"]""").Single();
        error.Should().Be(new FieldError("spec.a", FieldErrorReason.Required, "Required value"));
    }

    [Fact]
    public void Validate_Enum_ReportsUnsupportedValue()
    {
        var error = Validate("""{"mode":{"type":"string","enum":["a","b"]}}""", """{"mode":"x"}""").Single();
        error.Reason.Should().Be(FieldErrorReason.NotSupported);
        error.Message.Should().Be("Unsupported value: \"x\": supported values: \"a\", \"b\"");
    }

    [Fact]
    public void Validate_Minimum_ReportsShouldBeGreater()
    {
        Validate("""{"n":{"type":"integer","minimum":1}}""", """{"n":0}""").Single().Message
            .Should().Be("Invalid value: 0: spec.n in body should be greater than or equal to 1");
    }

    [Fact]
    public void Validate_ExclusiveMaximum_ReportsShouldBeLess()
    {
        Validate("""{"n":{"type":"number","maximum":10,"exclusiveMaximum":true}}""", """{"n":10}""").Single().Message
            .Should().Be("Invalid value: 10: spec.n in body should be less than 10");
    }

    [Fact]
    public void Validate_Maximum_ReportsShouldBeLessOrEqual()
    {
        Validate("""{"n":{"type":"integer","maximum":3}}""", """{"n":4}""").Single().Message
            .Should().Be("Invalid value: 4: spec.n in body should be less than or equal to 3");
    }

    [Fact]
    public void Validate_MultipleOf_Reports()
    {
        Validate("""{"n":{"type":"integer","multipleOf":5}}""", """{"n":7}""").Single().Message
            .Should().Be("Invalid value: 7: spec.n in body should be a multiple of 5");
    }

    [Fact]
    public void Validate_MaxLength_ReportsTooLong()
    {
        var error = Validate("""{"s":{"type":"string","maxLength":3}}""", """{"s":"abcd"}""").Single();
        error.Reason.Should().Be(FieldErrorReason.TooLong);
        error.Message.Should().Be("Too long: may not be more than 3 bytes");
    }

    [Fact]
    public void Validate_MinLength_ReportsCharsLong()
    {
        Validate("""{"s":{"type":"string","minLength":3}}""", """{"s":"ab"}""").Single().Message
            .Should().Be("Invalid value: \"ab\": spec.s in body should be at least 3 chars long");
    }

    [Fact]
    public void Validate_Pattern_ReportsShouldMatch()
    {
        Validate("""{"s":{"type":"string","pattern":"^[a-z]+$"}}""", """{"s":"A1"}""").Single().Message
            .Should().Be("Invalid value: \"A1\": spec.s in body should match '^[a-z]+$'");
    }

    [Theory]
    [InlineData("date-time", "2024-01-02T03:04:05Z", true)]
    [InlineData("date-time", "yesterday", false)]
    [InlineData("date", "2024-01-02", true)]
    [InlineData("byte", "aGVsbG8=", true)]
    [InlineData("byte", "not base64!", false)]
    [InlineData("uuid", "123e4567-e89b-12d3-a456-426614174000", true)]
    [InlineData("ipv4", "10.0.0.1", true)]
    [InlineData("ipv4", "10.0.0", false)]
    [InlineData("cidr", "10.0.0.0/8", true)]
    [InlineData("unknown-format", "anything", true)]
    public void Validate_Format_ChecksKnownFormats(string format, string value, bool valid)
    {
        var errors = Validate("{\"s\":{\"type\":\"string\",\"format\":\"" + format + "\"}}", "{\"s\":\"" + value + "\"}");
        errors.Should().HaveCount(valid ? 0 : 1);
        if (!valid)
        {
            errors[0].Message.Should().Be($"Invalid value: \"{value}\": spec.s in body must be of type {format}: \"{value}\"");
        }
    }

    [Fact]
    public void Validate_Int32Overflow_Reports()
    {
        Validate("""{"n":{"type":"integer","format":"int32"}}""", """{"n":3000000000}""").Should().ContainSingle();
    }

    [Fact]
    public void Validate_MinItems_Reports()
    {
        Validate("""{"l":{"type":"array","minItems":2,"items":{"type":"string"}}}""", """{"l":["a"]}""").Single().Message
            .Should().Be("Invalid value: 1: spec.l in body should have at least 2 items");
    }

    [Fact]
    public void Validate_MaxItems_ReportsTooMany()
    {
        var error = Validate("""{"l":{"type":"array","maxItems":1,"items":{"type":"string"}}}""", """{"l":["a","b"]}""").Single();
        error.Reason.Should().Be(FieldErrorReason.TooMany);
        error.Message.Should().Be("Too many: 2: must have at most 1 items");
    }

    [Fact]
    public void Validate_UniqueItems_ReportsDuplicates()
    {
        Validate("""{"l":{"type":"array","uniqueItems":true,"items":{"type":"string"}}}""", """{"l":["a","a"]}""").Single().Message
            .Should().EndWith("spec.l in body shouldn't contain duplicates");
    }

    [Fact]
    public void Validate_ItemType_ReportsIndexedPath()
    {
        Validate("""{"l":{"type":"array","items":{"type":"string"}}}""", """{"l":["a",1]}""").Single().Field.Should().Be("spec.l[1]");
    }

    [Fact]
    public void Validate_MinProperties_Reports()
    {
        Validate("""{"m":{"type":"object","minProperties":1,"additionalProperties":{"type":"string"}}}""", """{"m":{}}""").Single().Message
            .Should().Be("Invalid value: 0: spec.m in body should have at least 1 properties");
    }

    [Fact]
    public void Validate_MaxProperties_ReportsTooMany()
    {
        Validate("""{"m":{"type":"object","maxProperties":1,"additionalProperties":{"type":"string"}}}""", """{"m":{"a":"1","b":"2"}}""").Single().Message
            .Should().Be("Too many: 2: must have at most 1 items");
    }

    [Fact]
    public void Validate_AdditionalPropertiesSchema_ValidatesValues()
    {
        Validate("""{"m":{"type":"object","additionalProperties":{"type":"string"}}}""", """{"m":{"a":1}}""").Single().Field.Should().Be("spec.m.a");
    }

    [Fact]
    public void Validate_IntOrString_AcceptsBothRejectsOthers()
    {
        const string schema = """{"port":{"x-kubernetes-int-or-string":true}}""";
        Validate(schema, """{"port":80}""").Should().BeEmpty();
        Validate(schema, """{"port":"http"}""").Should().BeEmpty();
        Validate(schema, """{"port":true}""").Single().Message.Should().Be("Invalid value: \"boolean\": spec.port in body must be of type integer-or-string: \"boolean\"");
    }

    [Fact]
    public void Validate_PreserveUnknownWithoutType_AcceptsAnything()
    {
        Validate("""{"any":{"x-kubernetes-preserve-unknown-fields":true}}""", """{"any":[1,{"a":2}]}""").Should().BeEmpty();
    }

    [Fact]
    public void Validate_ListTypeSet_ReportsDuplicate()
    {
        var error = Validate("""{"l":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}""", """{"l":["a","b","a"]}""").Single();
        error.Should().Be(new FieldError("spec.l[2]", FieldErrorReason.Duplicate, "Duplicate value: \"a\"", "\"a\""));
    }

    [Fact]
    public void Validate_ListTypeMap_ReportsDuplicateKey()
    {
        var error = Validate(
            """{"l":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"v":{"type":"integer"}}}}}""",
            """{"l":[{"name":"a","v":1},{"name":"a","v":2}]}""").Single();
        error.Field.Should().Be("spec.l[1]");
        error.Reason.Should().Be(FieldErrorReason.Duplicate);
    }

    [Fact]
    public void Validate_EmbeddedResource_RequiresApiVersionAndKind()
    {
        var errors = Validate("""{"t":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}""", """{"t":{}}""");
        errors.Select(e => e.ToString()).Should().Equal("spec.t.apiVersion: Required value: must not be empty", "spec.t.kind: Required value: must not be empty");
    }

    [Fact]
    public void Validate_RootPath_PrefixesFields()
    {
        var schema = StructuralSchema.Parse(JsonAssert.Parse("""{"type":"object","required":["a"]}"""));
        SchemaValidator.Validate(JsonAssert.Parse("{}"), schema, "spec").Single().Field.Should().Be("spec.a");
    }

    [Fact]
    public void Validate_AnyOfNoneMatches_Reports()
    {
        Validate("""{"t":{"type":"object","anyOf":[{"required":["a"]},{"required":["b"]}],"properties":{"a":{"type":"string"},"b":{"type":"string"}}}}""", """{"t":{}}""")
            .Single().Message.Should().EndWith("spec.t in body must validate at least one schema (anyOf)");
    }

    [Fact]
    public void Validate_OneOfBothMatch_Reports()
    {
        Validate("""{"t":{"type":"object","oneOf":[{"required":["a"]},{"required":["b"]}],"properties":{"a":{"type":"string"},"b":{"type":"string"}}}}""", """{"t":{"a":"1","b":"2"}}""")
            .Single().Message.Should().EndWith("spec.t in body must validate one and only one schema (oneOf)");
    }

    [Fact]
    public void Validate_OneOfExactlyOne_Accepted()
    {
        Validate("""{"t":{"type":"object","oneOf":[{"required":["a"]},{"required":["b"]}],"properties":{"a":{"type":"string"},"b":{"type":"string"}}}}""", """{"t":{"a":"1"}}""")
            .Should().BeEmpty();
    }

    [Fact]
    public void Validate_NotMatches_Reports()
    {
        Validate("""{"t":{"type":"string","not":{"enum":["x"]}}}""", """{"t":"x"}""")
            .Single().Message.Should().Be("Invalid value: \"x\": spec.t in body must not validate the schema (not)");
    }

    [Fact]
    public void Validate_AllOf_ReportsEachFailure()
    {
        Validate("""{"t":{"type":"string","allOf":[{"minLength":2},{"pattern":"^a"}]}}""", """{"t":"b"}""").Should().HaveCount(2);
    }

    [Fact]
    public void Validate_ValidObject_NoErrors()
    {
        Validate("""{"replicas":{"type":"integer","minimum":0},"name":{"type":"string"}}""", """{"replicas":2,"name":"x"}""").Should().BeEmpty();
    }

    [Fact]
    public void Format_OneError_SingleMessage()
    {
        var errors = new[] { new FieldError("spec.a", FieldErrorReason.Required, "Required value") };
        InvalidMessage.Format("Widget.example.com", "w1", errors).Should().Be("Widget.example.com \"w1\" is invalid: spec.a: Required value");
    }

    [Fact]
    public void Format_ManyErrors_Bracketed()
    {
        var errors = Validate("""{"a":{"type":"string"},"n":{"type":"integer"}}""", """{"n":"x"}""", """["a"]""");
        InvalidMessage.Format("Widget", "w1", errors).Should().Be(
            "Widget \"w1\" is invalid: [spec.a: Required value, spec.n: Invalid value: \"string\": spec.n in body must be of type integer: \"string\"]");
    }

    [Fact]
    public void Parse_KeepsDescriptionAndListKeys()
    {
        var schema = StructuralSchema.Parse(JsonAssert.Parse("""
            {"type":"array","description":"ports","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["port","protocol"],"items":{"type":"object"}}
            """));
        schema.Description.Should().Be("ports");
        schema.ListMapKeys.Should().Equal("port", "protocol");
        schema.Raw["description"]!.GetValue<string>().Should().Be("ports");
    }
}
