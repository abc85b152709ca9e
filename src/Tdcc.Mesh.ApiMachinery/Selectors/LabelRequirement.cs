using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>One validated requirement of a <see cref="LabelSelector"/>, such as <c>tier in (db,web)</c>.</summary>
public sealed class LabelRequirement
{
    private LabelRequirement(string key, SelectorOperator op, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The operator.</summary>
    public SelectorOperator Operator { get; }

    /// <summary>The values, sorted ordinally and without duplicates; empty for Exists and DoesNotExist.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Validates and builds a requirement the way apimachinery's <c>NewRequirement</c> does.</summary>
    /// <exception cref="SelectorParseException">The key, operator arity or a value is invalid.</exception>
    public static LabelRequirement Create(string key, SelectorOperator op, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var errors = new List<string>();
        foreach (var keyError in LabelSyntax.ValidateKey(key))
        {
            errors.Add($"key: Invalid value: \"{key}\": {keyError}");
        }

        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn when sorted.Length == 0:
                errors.Add("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
                break;
            case SelectorOperator.Equal or SelectorOperator.DoubleEqual or SelectorOperator.NotEqual when sorted.Length != 1:
                errors.Add("values: Invalid value: " + GoStrings(sorted) + ": exact-match compatibility requires one single value");
                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist when sorted.Length != 0:
                errors.Add("values: Invalid value: " + GoStrings(sorted) + ": values set must be empty for exists and does not exist");
                break;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (sorted.Length != 1)
                {
                    errors.Add("values: Invalid value: " + GoStrings(sorted) + ": for 'Gt', 'Lt' operators, exactly one value is required");
                }
                else if (!long.TryParse(sorted[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"values[0]: Invalid value: \"{sorted[0]}\": for 'Gt', 'Lt' operators, the value must be an integer");
                }

                break;
            default:
                break;
        }

        for (var i = 0; i < sorted.Length; i++)
        {
            foreach (var valueError in LabelSyntax.ValidateValue(sorted[i]))
            {
                errors.Add($"values[{i}]: Invalid value: \"{sorted[i]}\": {valueError}");
            }
        }

        if (errors.Count == 1)
        {
            throw new SelectorParseException(errors[0]);
        }

        if (errors.Count > 1)
        {
            throw new SelectorParseException("[" + string.Join(", ", errors) + "]");
        }

        return new LabelRequirement(key, op, sorted);
    }

    /// <summary>Whether a label set satisfies this requirement (a missing key satisfies <c>!=</c> and <c>notin</c>).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(Key, out value);
        switch (Operator)
        {
            case SelectorOperator.Equal or SelectorOperator.DoubleEqual or SelectorOperator.In:
                return has && Contains(value!);
            case SelectorOperator.NotEqual or SelectorOperator.NotIn:
                return !has || !Contains(value!);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (!has
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
                {
                    return false;
                }

                return Operator == SelectorOperator.GreaterThan ? actual > limit : actual < limit;
            default:
                return false;
        }
    }

    /// <summary>Kube's canonical text of the requirement, e.g. <c>a in (x,y)</c> or <c>!b</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Operator == SelectorOperator.DoesNotExist)
        {
            text.Append('!');
        }

        text.Append(Key);
        switch (Operator)
        {
            case SelectorOperator.Equal:
                text.Append('=').Append(Values[0]);
                break;
            case SelectorOperator.DoubleEqual:
                text.Append("==").Append(Values[0]);
                break;
            case SelectorOperator.NotEqual:
                text.Append("!=").Append(Values[0]);
                break;
            case SelectorOperator.GreaterThan:
                text.Append('>').Append(Values[0]);
                break;
            case SelectorOperator.LessThan:
                text.Append('<').Append(Values[0]);
                break;
            case SelectorOperator.In:
                text.Append(" in (").AppendJoin(',', Values).Append(')');
                break;
            case SelectorOperator.NotIn:
                text.Append(" notin (").AppendJoin(',', Values).Append(')');
                break;
            default:
                break;
        }

        return text.ToString();
    }

    private bool Contains(string value) => Values.Contains(value, StringComparer.Ordinal);

    private static string GoStrings(IEnumerable<string> values) =>
        "[]string{" + string.Join(", ", values.Select(v => "\"" + v + "\"")) + "}";
}
