using System.Collections;
using System.Numerics;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// The rules of every numeric kind (<c>float</c>, <c>double</c>, <c>int32</c>, ..., <c>sfixed64</c>): const, the
/// bounds, in, not_in and ignore_empty. Their rule messages all have the same fields, so they are read by name.
/// </summary>
internal sealed class NumericCheck<T> : ValueCheck
    where T : struct, INumber<T>
{
    private readonly string _kind;
    private readonly T? _const;
    private readonly Bounds<T>? _bounds;
    private readonly T[] _in;
    private readonly T[] _notIn;
    private readonly bool _ignoreEmpty;

    private NumericCheck(string kind, T? @const, Bounds<T>? bounds, T[] @in, T[] notIn, bool ignoreEmpty)
    {
        _kind = kind;
        _const = @const;
        _bounds = bounds;
        _in = @in;
        _notIn = notIn;
        _ignoreEmpty = ignoreEmpty;
    }

    /// <summary>Compiles a rules message such as <c>validate.UInt32Rules</c>; <paramref name="kind"/> is its name in <c>FieldRules</c>.</summary>
    public static NumericCheck<T> Create(string kind, IMessage rules)
    {
        var descriptor = rules.Descriptor;
        T? Optional(string name)
        {
            var field = descriptor.FindFieldByName(name);
            return field.Accessor.HasValue(rules) ? (T)field.Accessor.GetValue(rules) : null;
        }

        T[] List(string name) => ((IEnumerable)descriptor.FindFieldByName(name).Accessor.GetValue(rules)).Cast<T>().ToArray();

        var ignoreEmpty = descriptor.FindFieldByName("ignore_empty") is { } ignore && (bool)ignore.Accessor.GetValue(rules);
        return new NumericCheck<T>(
            kind,
            Optional("const"),
            Bounds<T>.Create(kind, Optional("lt"), Optional("lte"), Optional("gt"), Optional("gte"), RuleText.Number),
            List("in"),
            List("not_in"),
            ignoreEmpty);
    }

    public override void Check(object? value, ValidationContext context)
    {
        if (value is not T number || (_ignoreEmpty && number == T.Zero))
        {
            return;
        }

        if (_const is { } expected && number != expected)
        {
            context.Report(_kind + ".const", "value must equal " + RuleText.Number(expected));
        }

        _bounds?.Check(number, context);
        if (_in.Length > 0 && !_in.Contains(number))
        {
            context.Report(_kind + ".in", "value must be in list " + RuleText.List(_in, RuleText.Number));
        }

        if (_notIn.Contains(number))
        {
            context.Report(_kind + ".not_in", "value must not be in list " + RuleText.List(_notIn, RuleText.Number));
        }
    }
}
