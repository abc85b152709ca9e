using Google.Protobuf.Reflection;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// Turns a field's <c>(validate.rules)</c> into a <see cref="ValueCheck"/>, choosing the check by rule kind and field
/// type the way protoc-gen-validate's generator does: scalar rules on a wrapper message check the wrapped value,
/// message fields without rules still recurse, repeated message fields and message-valued maps recurse into every
/// element, and <c>message.skip</c> stops the recursion.
/// </summary>
internal static class FieldCheckCompiler
{
    /// <summary>The check of a field, or null when it has neither rules nor messages to recurse into.</summary>
    public static ValueCheck? ForField(FieldDescriptor field, ProtoConstraintValidatorOptions options) =>
        ForField(field, RulesOf(field), options);

    /// <summary>The check of a field under the given rules instead of its own.</summary>
    public static ValueCheck? ForField(FieldDescriptor field, FieldRules? rules, ProtoConstraintValidatorOptions options)
    {
        var skip = rules?.Message?.Skip ?? false;
        if (field.IsMap)
        {
            var mapRules = rules?.TypeCase == FieldRules.TypeOneofCase.Map ? rules.Map : null;
            var entry = field.MessageType;
            var keys = ForValue(entry.FindFieldByNumber(1), mapRules?.Keys, options);
            var values = ForValue(entry.FindFieldByNumber(2), mapRules?.Values, options, skip);
            return mapRules is null && keys is null && values is null ? null : new MapCheck(mapRules, keys, values);
        }

        if (field.IsRepeated)
        {
            var repeatedRules = rules?.TypeCase == FieldRules.TypeOneofCase.Repeated ? rules.Repeated : null;
            var items = ForValue(field, repeatedRules?.Items, options, skip);
            return repeatedRules is null && items is null ? null : new RepeatedCheck(repeatedRules, items);
        }

        return ForValue(field, rules, options);
    }

    /// <summary>
    /// The check of one value of <paramref name="type"/>'s (element) type under <paramref name="rules"/>: a singular
    /// field, a repeated element with the <c>items</c> rules, a map key or value.
    /// </summary>
    public static ValueCheck? ForValue(FieldDescriptor type, FieldRules? rules, ProtoConstraintValidatorOptions options, bool skip = false)
    {
        var isMessage = type.FieldType is FieldType.Message or FieldType.Group;
        var required = rules?.Message?.Required ?? false;
        skip |= rules?.Message?.Skip ?? false;
        ValueCheck? scalar = rules?.TypeCase switch
        {
            FieldRules.TypeOneofCase.Float => NumericCheck<float>.Create("float", rules.Float),
            FieldRules.TypeOneofCase.Double => NumericCheck<double>.Create("double", rules.Double),
            FieldRules.TypeOneofCase.Int32 => NumericCheck<int>.Create("int32", rules.Int32),
            FieldRules.TypeOneofCase.Int64 => NumericCheck<long>.Create("int64", rules.Int64),
            FieldRules.TypeOneofCase.Uint32 => NumericCheck<uint>.Create("uint32", rules.Uint32),
            FieldRules.TypeOneofCase.Uint64 => NumericCheck<ulong>.Create("uint64", rules.Uint64),
            FieldRules.TypeOneofCase.Sint32 => NumericCheck<int>.Create("sint32", rules.Sint32),
            FieldRules.TypeOneofCase.Sint64 => NumericCheck<long>.Create("sint64", rules.Sint64),
            FieldRules.TypeOneofCase.Fixed32 => NumericCheck<uint>.Create("fixed32", rules.Fixed32),
            FieldRules.TypeOneofCase.Fixed64 => NumericCheck<ulong>.Create("fixed64", rules.Fixed64),
            FieldRules.TypeOneofCase.Sfixed32 => NumericCheck<int>.Create("sfixed32", rules.Sfixed32),
            FieldRules.TypeOneofCase.Sfixed64 => NumericCheck<long>.Create("sfixed64", rules.Sfixed64),
            FieldRules.TypeOneofCase.Bool => new BoolCheck(rules.Bool),
            FieldRules.TypeOneofCase.String => new StringCheck(rules.String, options.RegexTimeout),
            FieldRules.TypeOneofCase.Bytes => new BytesCheck(rules.Bytes, options.RegexTimeout),
            FieldRules.TypeOneofCase.Enum when type.FieldType == FieldType.Enum => new EnumCheck(type.EnumType, rules.Enum),
            _ => null,
        };
        if (scalar is not null)
        {
            return isMessage ? new WrapperCheck(scalar, required) : scalar;
        }

        if (!isMessage)
        {
            return null;
        }

        return rules?.TypeCase switch
        {
            FieldRules.TypeOneofCase.Any => new AnyCheck(rules.Any, required, skip),
            FieldRules.TypeOneofCase.Duration => new DurationCheck(rules.Duration, required),
            FieldRules.TypeOneofCase.Timestamp => new TimestampCheck(rules.Timestamp, required, options.TimeProvider),
            _ => new MessageCheck(required, skip),
        };
    }

    private static FieldRules? RulesOf(FieldDescriptor field) =>
        field.GetOptions() is { } fieldOptions && fieldOptions.HasExtension(ValidateExtensions.Rules)
            ? fieldOptions.GetExtension(ValidateExtensions.Rules)
            : null;
}
