using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Protos.Validate;
using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

/// <summary>
/// <c>(validate.disabled)</c>, <c>(validate.ignored)</c> and <c>(validate.required)</c> oneofs as the plan reads them.
/// No compiled Envoy message is disabled or ignored, so these use descriptors built at run time.
/// </summary>
public sealed class MessageOptionsTests
{
    private static readonly FileDescriptor TestFile = BuildTestFile();

    [Theory]
    [InlineData("Checked", 2)]
    [InlineData("Disabled", 0)]
    [InlineData("Ignored", 0)]
    public void Build_MessageOptions_DisabledAndIgnoredHaveNoChecks(string message, int checks)
    {
        var plan = MessagePlan.Build(TestFile.FindTypeByName<MessageDescriptor>(message), new ProtoConstraintValidatorOptions());

        plan.CheckCount.Should().Be(checks);
    }

    private static FileDescriptor BuildTestFile()
    {
        var proto = new FileDescriptorProto
        {
            Name = "tdcc/validation/options_test.proto",
            Package = "tdcc.validation.test",
            Syntax = "proto3",
            Dependency = { "validate/validate.proto" },
            MessageType = { Message("Checked", null), Message("Disabled", ValidateExtensions.Disabled), Message("Ignored", ValidateExtensions.Ignored) },
        };
        var registry = new ExtensionRegistry { ValidateExtensions.Disabled, ValidateExtensions.Ignored, ValidateExtensions.Required, ValidateExtensions.Rules };
        var files = FileDescriptor.BuildFromByteStrings(
            [
                DescriptorReflection.Descriptor.SerializedData,
                DurationReflection.Descriptor.SerializedData,
                TimestampReflection.Descriptor.SerializedData,
                ValidateReflection.Descriptor.SerializedData,
                proto.ToByteString(),
            ],
            registry);
        return files[^1];
    }

    /// <summary>A message with a <c>string name</c> (min_len 1) and a required oneof <c>kind</c> of one string.</summary>
    private static DescriptorProto Message(string name, Extension<MessageOptions, bool>? flag)
    {
        var fieldOptions = new FieldOptions();
        fieldOptions.SetExtension(ValidateExtensions.Rules, new FieldRules { String = new StringRules { MinLen = 1 } });
        var oneofOptions = new OneofOptions();
        oneofOptions.SetExtension(ValidateExtensions.Required, true);
        var message = new DescriptorProto
        {
            Name = name,
            Field =
            {
                new FieldDescriptorProto { Name = "name", JsonName = "name", Number = 1, Type = FieldDescriptorProto.Types.Type.String, Label = FieldDescriptorProto.Types.Label.Optional, Options = fieldOptions },
                new FieldDescriptorProto { Name = "a", JsonName = "a", Number = 2, Type = FieldDescriptorProto.Types.Type.String, Label = FieldDescriptorProto.Types.Label.Optional, OneofIndex = 0 },
            },
            OneofDecl = { new OneofDescriptorProto { Name = "kind", Options = oneofOptions } },
        };
        if (flag is not null)
        {
            message.Options = new MessageOptions();
            message.Options.SetExtension(flag, true);
        }

        return message;
    }
}
