using System.Globalization;
using Google.Protobuf.Reflection;
using Tdcc.Mesh.Xds.Protos.Validate;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary><c>enum</c>: const, defined_only (a number the enum declares), in and not_in, on the enum's number.</summary>
internal sealed class EnumCheck(EnumDescriptor type, EnumRules rules) : ValueCheck
{
    private readonly int? _const = rules.HasConst ? rules.Const : null;
    private readonly bool _definedOnly = rules.DefinedOnly;
    private readonly int[] _in = [.. rules.In];
    private readonly int[] _notIn = [.. rules.NotIn];

    public override void Check(object? value, ValidationContext context)
    {
        if (value is null)
        {
            return;
        }

        // The reflection accessor boxes the generated CLR enum (or an int for an unknown number).
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        if (_const is { } expected && number != expected)
        {
            context.Report("enum.const", "value must equal " + Name(expected));
        }

        if (_in.Length > 0 && !_in.Contains(number))
        {
            context.Report("enum.in", "value must be in list " + RuleText.List(_in, Name));
        }

        if (_notIn.Contains(number))
        {
            context.Report("enum.not_in", "value must not be in list " + RuleText.List(_notIn, Name));
        }

        if (_definedOnly && type.FindValueByNumber(number) is null)
        {
            context.Report("enum.defined_only", $"value must be one of the defined enum values ({number.ToString(CultureInfo.InvariantCulture)} is not a {type.FullName})");
        }
    }

    private string Name(int number) =>
        type.FindValueByNumber(number) is { } known
            ? $"{known.Name} ({number.ToString(CultureInfo.InvariantCulture)})"
            : number.ToString(CultureInfo.InvariantCulture);
}
