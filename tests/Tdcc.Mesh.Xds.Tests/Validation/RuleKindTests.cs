using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Data.Accesslog.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Protos.Validate;
using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

/// <summary>
/// The rule kinds (and rule combinations) no compiled Envoy field uses, checked on a real Envoy field of the right
/// type with rules made up for the test.
/// </summary>
public sealed class RuleKindTests
{
    private static readonly FieldDescriptor StringField = HttpConnectionManager.Descriptor.FindFieldByName("stat_prefix");
    private static readonly FieldDescriptor Int32Field = Int32Range.Descriptor.FindFieldByName("start");
    private static readonly FieldDescriptor Int64Field = Int64Range.Descriptor.FindFieldByName("start");
    private static readonly FieldDescriptor DoubleField = Percent.Descriptor.FindFieldByName("value");
    private static readonly FieldDescriptor BytesField = HeaderValue.Descriptor.FindFieldByName("raw_value");
    private static readonly FieldDescriptor EnumField = Cluster.Descriptor.FindFieldByName("lb_policy");
    private static readonly FieldDescriptor RepeatedStringField = VirtualHost.Descriptor.FindFieldByName("domains");
    private static readonly FieldDescriptor MapField = Metadata.Descriptor.FindFieldByName("filter_metadata");
    private static readonly FieldDescriptor AnyField = Envoy.Config.Listener.V3.Filter.Descriptor.FindFieldByName("typed_config");
    private static readonly FieldDescriptor DurationField = Cluster.Descriptor.FindFieldByName("connect_timeout");
    private static readonly FieldDescriptor TimestampField = AccessLogCommon.Descriptor.FindFieldByName("start_time");
    private static readonly FieldDescriptor WrapperField = OutlierDetection.Descriptor.FindFieldByName("max_ejection_percent");
    private static readonly FieldDescriptor MessageField = HttpConnectionManager.Descriptor.FindFieldByName("rds");

    [Theory]
    [InlineData("abc", null)]
    [InlineData("abd", "value must equal \"abc\"")]
    public void String_Const(string value, string? message) =>
        Single(StringField, new FieldRules { String = new StringRules { Const = "abc" } }, value, "string.const", message);

    [Theory]
    [InlineData("héé", null)]
    [InlineData("😀😀😀", null)]
    [InlineData("ab", "value length must be 3 runes")]
    public void String_LenCountsCodePoints(string value, string? message) =>
        Single(StringField, new FieldRules { String = new StringRules { Len = 3 } }, value, "string.len", message);

    [Theory]
    [InlineData("ab", null)]
    [InlineData("a", "value length must be between 2 and 4 runes, inclusive")]
    [InlineData("abcde", "value length must be between 2 and 4 runes, inclusive")]
    public void String_MinAndMaxLen(string value, string? message) =>
        Single(StringField, new FieldRules { String = new StringRules { MinLen = 2, MaxLen = 4 } }, value, value.Length < 2 ? "string.min_len" : "string.max_len", message);

    [Theory]
    [InlineData("😀😀", null)]
    [InlineData("😀😀😀", "value length must be at most 2 runes")]
    public void String_MaxLen(string value, string? message) =>
        Single(StringField, new FieldRules { String = new StringRules { MaxLen = 2 } }, value, "string.max_len", message);

    [Theory]
    [InlineData("é", null)]
    [InlineData("e", "value length must be 2 bytes")]
    public void String_LenBytes(string value, string? message) =>
        Single(StringField, new FieldRules { String = new StringRules { LenBytes = 2 } }, value, "string.len_bytes", message);

    [Theory]
    [InlineData("éé", null)]
    [InlineData("ee", "value length must be at least 3 bytes")]
    public void String_MinBytes(string value, string? message) =>
        Single(StringField, new FieldRules { String = new StringRules { MinBytes = 3 } }, value, "string.min_bytes", message);

    [Fact]
    public void String_PrefixSuffixContainsNotContains()
    {
        var rules = new FieldRules { String = new StringRules { Prefix = "envoy.", Suffix = ".v3", Contains = "filters", NotContains = ".." } };

        Check(StringField, rules, "envoy.filters.http.v3").Should().BeEmpty();
        Check(StringField, rules, "tdcc..x").Select(v => v.Rule).Should().Equal("string.prefix", "string.suffix", "string.contains", "string.not_contains");
    }

    [Fact]
    public void String_InAndNotIn()
    {
        var allowed = new FieldRules { String = new StringRules { In = { "a", "b" } } };
        var denied = new FieldRules { String = new StringRules { NotIn = { "x" } } };

        Check(StringField, allowed, "b").Should().BeEmpty();
        Check(StringField, allowed, "c").Should().ContainSingle().Which.Message.Should().Be("value must be in list [\"a\", \"b\"]");
        Check(StringField, denied, "x").Should().ContainSingle().Which.Rule.Should().Be("string.not_in");
    }

    [Theory]
    [InlineData("[a-z]+", "abc", true)]
    [InlineData("[a-z]+", "abc1", false)]
    [InlineData("(?P<word>[a-z]+)-[0-9]", "ab-1", true)]
    [InlineData(@"(\w+)\.\1", "ab.ab", true)]
    public void String_PatternMatchesWholeValue(string pattern, string value, bool valid) =>
        Single(StringField, new FieldRules { String = new StringRules { Pattern = pattern } }, value, "string.pattern", valid ? null : $"value does not match regex pattern \"{pattern}\"");

    [Fact]
    public void String_PatternThatDotNetCannotCompile_Reported()
    {
        var violation = Check(StringField, new FieldRules { String = new StringRules { Pattern = "[a-" } }, "a").Should().ContainSingle().Subject;

        violation.Rule.Should().Be("string.pattern");
        violation.Message.Should().StartWith("pattern \"[a-\" cannot be evaluated here");
    }

    [Fact]
    public void String_IgnoreEmpty_SkipsEveryRule()
    {
        var rules = new FieldRules { String = new StringRules { MinLen = 3, Hostname = true, IgnoreEmpty = true } };

        Check(StringField, rules, string.Empty).Should().BeEmpty();
        Check(StringField, rules, "a").Select(v => v.Rule).Should().Equal("string.min_len");
    }

    [Theory]
    [InlineData("email", "ops@example.com", true)]
    [InlineData("email", "ops@@example.com", false)]
    [InlineData("hostname", "echo.demo.svc.clusterset.local", true)]
    [InlineData("hostname", "-echo.demo", false)]
    [InlineData("ip", "fd00::1", true)]
    [InlineData("ip", "10.0.0.256", false)]
    [InlineData("ipv4", "10.0.0.1", true)]
    [InlineData("ipv4", "fd00::1", false)]
    [InlineData("ipv6", "fd00::1", true)]
    [InlineData("ipv6", "10.0.0.1", false)]
    [InlineData("uri", "https://example.com/x?y", true)]
    [InlineData("uri", "/relative/path", false)]
    [InlineData("uri_ref", "/relative/path", true)]
    [InlineData("uri_ref", "http://[::1", false)]
    [InlineData("address", "echo.demo", true)]
    [InlineData("address", "10.0.0.1", true)]
    [InlineData("address", "echo_demo", false)]
    [InlineData("uuid", "0b4f3e9c-95d3-4a5e-9d07-6f1c2b7a8e10", true)]
    [InlineData("uuid", "0b4f3e9c95d34a5e9d076f1c2b7a8e10", false)]
    public void String_WellKnownFormats(string format, string value, bool valid)
    {
        var rules = new StringRules();
        switch (format)
        {
            case "email": rules.Email = true; break;
            case "hostname": rules.Hostname = true; break;
            case "ip": rules.Ip = true; break;
            case "ipv4": rules.Ipv4 = true; break;
            case "ipv6": rules.Ipv6 = true; break;
            case "uri": rules.Uri = true; break;
            case "uri_ref": rules.UriRef = true; break;
            case "address": rules.Address = true; break;
            default: rules.Uuid = true; break;
        }

        var violations = Check(StringField, new FieldRules { String = rules }, value);

        if (valid)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Rule.Should().Be("string." + format);
        }
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(6, "value must equal 5")]
    public void Int32_Const(int value, string? message) =>
        Single(Int32Field, new FieldRules { Int32 = new Int32Rules { Const = 5 } }, value, "int32.const", message);

    [Fact]
    public void Int32_InNotInAndIgnoreEmpty()
    {
        var rules = new FieldRules { Int32 = new Int32Rules { In = { 1, 2 }, NotIn = { 2 }, IgnoreEmpty = true } };

        Check(Int32Field, rules, 0).Should().BeEmpty();
        Check(Int32Field, rules, 1).Should().BeEmpty();
        Check(Int32Field, rules, 2).Select(v => v.Message).Should().Equal("value must not be in list [2]");
        Check(Int32Field, rules, 3).Select(v => v.Message).Should().Equal("value must be in list [1, 2]");
    }

    // lt < gt: an exclusive range, the value must be below lt or above gt.
    [Theory]
    [InlineData(-1, null)]
    [InlineData(0, "value must be outside range [0, 10]")]
    [InlineData(10, "value must be outside range [0, 10]")]
    [InlineData(11, null)]
    public void Int64_LtBelowGt_ExclusiveRange(long value, string? message) =>
        Single(Int64Field, new FieldRules { Int64 = new Int64Rules { Lt = 0, Gt = 10 } }, value, "int64.gt_lt", message);

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(-0.5, "value must be greater than or equal to 0")]
    [InlineData(double.NaN, null)]
    public void Double_Gte_IeeeComparisons(double value, string? message) =>
        Single(DoubleField, new FieldRules { Double = new DoubleRules { Gte = 0 } }, value, "double.gte", message);

    [Fact]
    public void Bytes_ConstLenPrefixAndIp()
    {
        Check(BytesField, new FieldRules { Bytes = new BytesRules { Const = ByteString.CopyFrom(1, 2) } }, ByteString.CopyFrom(1, 3))
            .Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation("raw_value", "bytes.const", "value must equal 0x0102"));
        Check(BytesField, new FieldRules { Bytes = new BytesRules { Len = 2 } }, ByteString.CopyFrom(1))
            .Should().ContainSingle().Which.Message.Should().Be("value length must be 2 bytes");
        Check(BytesField, new FieldRules { Bytes = new BytesRules { Prefix = ByteString.CopyFrom(0xCA) } }, ByteString.CopyFrom(0xFE))
            .Should().ContainSingle().Which.Rule.Should().Be("bytes.prefix");
        Check(BytesField, new FieldRules { Bytes = new BytesRules { Ipv4 = true } }, ByteString.CopyFrom(10, 0, 0, 1)).Should().BeEmpty();
        Check(BytesField, new FieldRules { Bytes = new BytesRules { Ip = true } }, ByteString.CopyFrom(10, 0, 0)).Should().ContainSingle().Which.Rule.Should().Be("bytes.ip");
    }

    [Fact]
    public void Enum_ConstAndIn()
    {
        Check(EnumField, new FieldRules { Enum = new EnumRules { Const = 0 } }, Cluster.Types.LbPolicy.RingHash)
            .Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation("lb_policy", "enum.const", "value must equal ROUND_ROBIN (0)"));
        Check(EnumField, new FieldRules { Enum = new EnumRules { In = { 0, 2 } } }, Cluster.Types.LbPolicy.RingHash).Should().BeEmpty();
    }

    [Fact]
    public void Repeated_ExactCountAndItems()
    {
        var rules = new FieldRules { Repeated = new RepeatedRules { MinItems = 2, MaxItems = 2, Items = new FieldRules { String = new StringRules { MinLen = 2 } } } };

        Check(RepeatedStringField, rules, new RepeatedField<string> { "ab", "cd" }).Should().BeEmpty();
        Check(RepeatedStringField, rules, new RepeatedField<string> { "ab", "c", "de" }).Should().BeEquivalentTo(new[]
        {
            new ProtoConstraintViolation("domains", "repeated.max_items", "value must contain exactly 2 item(s)"),
            new ProtoConstraintViolation("domains[1]", "string.min_len", "value length must be at least 2 runes"),
        });
    }

    [Fact]
    public void Repeated_IgnoreEmpty()
    {
        var rules = new FieldRules { Repeated = new RepeatedRules { MinItems = 1, IgnoreEmpty = true } };

        Check(RepeatedStringField, rules, new RepeatedField<string>()).Should().BeEmpty();
    }

    [Fact]
    public void Map_PairsAndValues()
    {
        var rules = new FieldRules { Map = new MapRules { MinPairs = 1, MaxPairs = 2, Values = new FieldRules { Message = new MessageRules { Required = true } } } };
        var map = new MapField<string, Struct> { ["a"] = new Struct(), ["b"] = new Struct(), ["c"] = new Struct() };

        Check(MapField, rules, new MapField<string, Struct>()).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("filter_metadata", "map.min_pairs", "value must contain between 1 and 2 pairs, inclusive"));
        Check(MapField, rules, map).Should().ContainSingle().Which.Rule.Should().Be("map.max_pairs");
    }

    [Fact]
    public void Any_InAndNotIn()
    {
        const string Router = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
        var allowed = new FieldRules { Any = new AnyRules { In = { Router } } };
        var denied = new FieldRules { Any = new AnyRules { NotIn = { Router } } };
        var packed = new Any { TypeUrl = Router };

        Check(AnyField, allowed, packed).Should().BeEmpty();
        Check(AnyField, allowed, new Any { TypeUrl = "type.googleapis.com/google.protobuf.Empty" }).Should().ContainSingle().Which.Rule.Should().Be("any.in");
        Check(AnyField, denied, packed).Should().ContainSingle().Which.Message.Should().Be($"type URL must not be in list [\"{Router}\"]");
    }

    [Fact]
    public void Duration_ConstInNotInLtLteAndValidity()
    {
        var second = new Duration { Seconds = 1 };
        var half = new Duration { Nanos = 500_000_000 };

        Check(DurationField, new FieldRules { Duration = new DurationRules { Const = second } }, half)
            .Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation("connect_timeout", "duration.const", "value must equal 1s"));
        Check(DurationField, new FieldRules { Duration = new DurationRules { In = { second } } }, half)
            .Should().ContainSingle().Which.Message.Should().Be("value must be in list [1s]");
        Check(DurationField, new FieldRules { Duration = new DurationRules { NotIn = { half } } }, half)
            .Should().ContainSingle().Which.Message.Should().Be("value must not be in list [500ms]");
        Check(DurationField, new FieldRules { Duration = new DurationRules { Lt = half } }, half)
            .Should().ContainSingle().Which.Message.Should().Be("value must be less than 500ms");
        Check(DurationField, new FieldRules { Duration = new DurationRules { Lte = half } }, half).Should().BeEmpty();
        Check(DurationField, new FieldRules { Duration = new DurationRules { Gt = new Duration() } }, new Duration { Seconds = 1, Nanos = -1 })
            .Should().ContainSingle().Which.Rule.Should().Be("duration.valid");
    }

    [Fact]
    public void Timestamp_RequiredBoundsAndNow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new ProtoConstraintValidatorOptions { TimeProvider = clock };
        var now = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        var later = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddMinutes(10));
        var minute = new Duration { Seconds = 60 };

        Check(TimestampField, new FieldRules { Timestamp = new TimestampRules { Required = true } }, null)
            .Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation("start_time", "timestamp.required", "value is required"));
        Check(TimestampField, new FieldRules { Timestamp = new TimestampRules { Lt = now } }, later)
            .Should().ContainSingle().Which.Message.Should().Be("value must be less than 2025-01-01T00:00:00Z");
        Check(TimestampField, new FieldRules { Timestamp = new TimestampRules { LtNow = true } }, later, options)
            .Should().ContainSingle().Which.Message.Should().Be("value must be less than now");
        Check(TimestampField, new FieldRules { Timestamp = new TimestampRules { GtNow = true } }, later, options).Should().BeEmpty();
        Check(TimestampField, new FieldRules { Timestamp = new TimestampRules { GtNow = true, Within = minute } }, later, options)
            .Should().ContainSingle().Which.Message.Should().Be("value must be greater than now within 1m0s");
        Check(TimestampField, new FieldRules { Timestamp = new TimestampRules { Within = minute } }, now, options).Should().BeEmpty();
    }

    [Fact]
    public void Message_SkipStopsRecursion()
    {
        var rds = new Rds { RouteConfigName = "echo" };

        Check(MessageField, new FieldRules { Message = new MessageRules { Required = true } }, rds)
            .Should().ContainSingle().Which.Path.Should().Be("rds.config_source");
        Check(MessageField, new FieldRules { Message = new MessageRules { Required = true, Skip = true } }, rds).Should().BeEmpty();
        Check(MessageField, new FieldRules { Message = new MessageRules { Required = true, Skip = true } }, null)
            .Should().ContainSingle().Which.Rule.Should().Be("message.required");
    }

    [Fact]
    public void Wrapper_RequiredAndScalarRules()
    {
        var rules = new FieldRules { Message = new MessageRules { Required = true }, Uint32 = new UInt32Rules { Gt = 0 } };

        Check(WrapperField, rules, null).Should().ContainSingle().Which.Rule.Should().Be("message.required");
        Check(WrapperField, rules, 0u).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("max_ejection_percent", "uint32.gt", "value must be greater than 0"));
        Check(WrapperField, rules, 7u).Should().BeEmpty();
    }

    private static void Single(FieldDescriptor field, FieldRules rules, object value, string rule, string? message)
    {
        var violations = Check(field, rules, value);
        if (message is null)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(field.Name, rule, message));
        }
    }

    private static IReadOnlyList<ProtoConstraintViolation> Check(FieldDescriptor field, FieldRules rules, object? value, ProtoConstraintValidatorOptions? options = null)
    {
        options ??= new ProtoConstraintValidatorOptions();
        var check = FieldCheckCompiler.ForField(field, rules, options);
        check.Should().NotBeNull();
        var context = new ValidationContext(new ProtoConstraintValidator(options));
        context.Path.PushField(field.Name);
        check!.Check(value, context);
        return context.Violations;
    }
}
