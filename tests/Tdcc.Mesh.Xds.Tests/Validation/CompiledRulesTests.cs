using Envoy.Config.Listener.V3;
using Google.Protobuf.Reflection;
using Tdcc.Mesh.Xds.Protos.Validate;
using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

/// <summary>Every rule the compiled Envoy, xDS and googleapis protos carry can be compiled by the validator.</summary>
public sealed class CompiledRulesTests
{
    private static readonly IReadOnlyList<MessageDescriptor> AllMessages = typeof(Listener).Assembly.GetExportedTypes()
        .Where(type => type.IsAbstract && type.IsSealed && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
        .Select(type => type.GetProperty("Descriptor")?.GetValue(null))
        .OfType<FileDescriptor>()
        .SelectMany(file => file.MessageTypes)
        .SelectMany(Flatten)
        .ToList();

    [Fact]
    public void Build_EveryCompiledMessage_PlansWithoutError()
    {
        var options = new ProtoConstraintValidatorOptions();

        AllMessages.Should().HaveCountGreaterThan(300);
        foreach (var message in AllMessages)
        {
            var build = () => MessagePlan.Build(message, options);
            build.Should().NotThrow(message.FullName);
        }
    }

    [Fact]
    public void Patterns_EveryCompiledStringPattern_CompilesInDotNet()
    {
        var patterns = AllMessages
            .SelectMany(message => message.Fields.InDeclarationOrder())
            .Select(field => field.GetOptions() is { } options && options.HasExtension(ValidateExtensions.Rules) ? options.GetExtension(ValidateExtensions.Rules) : null)
            .OfType<FieldRules>()
            .SelectMany(rules => new[] { rules.String, rules.Repeated?.Items?.String, rules.Map?.Keys?.String, rules.Map?.Values?.String })
            .OfType<StringRules>()
            .Where(rules => rules.HasPattern)
            .Select(rules => rules.Pattern)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        patterns.Should().NotBeEmpty();
        patterns.Select(pattern => new Re2Pattern(pattern, TimeSpan.FromSeconds(1))).Should().OnlyContain(regex => regex.CompileError == null);
    }

    [Fact]
    public void XdsTypeRegistry_KnowsEveryCompiledMessage()
    {
        AllMessages.Should().OnlyContain(message => XdsTypeRegistry.Instance.Find(message.FullName) != null);
    }

    private static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Flatten).Prepend(message);
}
