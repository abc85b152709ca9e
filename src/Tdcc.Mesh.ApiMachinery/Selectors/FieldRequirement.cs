namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>One term of a <see cref="FieldSelector"/>, such as <c>status.phase!=Running</c>.</summary>
/// <param name="Field">The field path as the client wrote it, e.g. <c>metadata.name</c>.</param>
/// <param name="Operator"><see cref="SelectorOperator.Equal"/>, <see cref="SelectorOperator.DoubleEqual"/> or <see cref="SelectorOperator.NotEqual"/>.</param>
/// <param name="Value">The unescaped value.</param>
public sealed record FieldRequirement(string Field, SelectorOperator Operator, string Value)
{
    /// <summary>Whether the object's value of <see cref="Field"/> (null is read as empty) satisfies the term.</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        var actual = fieldValue(Field) ?? string.Empty;
        var equal = string.Equals(actual, Value, StringComparison.Ordinal);
        return Operator == SelectorOperator.NotEqual ? !equal : equal;
    }

    /// <summary>Kube's text of the term, with <c>\</c>, <c>,</c> and <c>=</c> escaped in the value.</summary>
    public override string ToString()
    {
        var op = Operator switch
        {
            SelectorOperator.NotEqual => "!=",
            SelectorOperator.DoubleEqual => "==",
            _ => "=",
        };
        var escaped = Value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);
        return Field + op + escaped;
    }
}
