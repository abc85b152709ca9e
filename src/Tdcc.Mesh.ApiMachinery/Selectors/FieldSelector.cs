using System.Text;

namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>
/// A parsed field selector (<c>?fieldSelector=metadata.name=web,status.phase!=Failed</c>): an AND of equality terms.
/// Which fields are supported is the server's business; this type only parses and evaluates.
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] Operators = ["!=", "==", "="];

    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    /// <summary>The selector that matches every object.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, all of which must hold, sorted by their text as kube sorts them.</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>Whether there are no terms.</summary>
    public bool IsEverything => Requirements.Count == 0;

    /// <summary>Parses kube's field selector text; null or blank means <see cref="Everything"/>.</summary>
    /// <exception cref="SelectorParseException">A term has no operator, or a value has a bad escape or an unescaped <c>,</c>/<c>=</c>.</exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = SplitTerms(text);
        terms.Sort(StringComparer.Ordinal);
        var requirements = new List<FieldRequirement>();
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var field, out var op, out var rawValue))
            {
                throw new SelectorParseException($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var value = Unescape(rawValue);
            var selectorOperator = op switch
            {
                "!=" => SelectorOperator.NotEqual,
                "==" => SelectorOperator.DoubleEqual,
                _ => SelectorOperator.Equal,
            };
            requirements.Add(new FieldRequirement(field.Trim(), selectorOperator, value));
        }

        return requirements.Count == 0 ? Everything : new FieldSelector(requirements);
    }

    /// <summary>Whether every term holds; <paramref name="fieldValue"/> returns an object's value for a field path (null is read as empty).</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        return Requirements.All(r => r.Matches(fieldValue));
    }

    /// <summary>Kube's text, terms joined by ",".</summary>
    public override string ToString() => string.Join(",", Requirements);

    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (text[i] == '\\')
            {
                escaped = true;
            }
            else if (text[i] == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    private static bool TrySplitTerm(string term, out string field, out string op, out string value)
    {
        var escaped = false;
        for (var i = 0; i < term.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
                continue;
            }

            if (term[i] == '\\')
            {
                escaped = true;
                continue;
            }

            foreach (var candidate in Operators)
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    field = term[..i];
                    op = candidate;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }

        field = op = value = string.Empty;
        return false;
    }

    private static string Unescape(string raw)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal) && !raw.Contains(',', StringComparison.Ordinal) && !raw.Contains('=', StringComparison.Ordinal))
        {
            return raw;
        }

        var result = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 >= raw.Length)
                {
                    throw new SelectorParseException("invalid field selector: invalid escape sequence: \\");
                }

                var next = raw[++i];
                if (next is not ('\\' or ',' or '='))
                {
                    throw new SelectorParseException($"invalid field selector: invalid escape sequence: \\{next}");
                }

                result.Append(next);
            }
            else if (c is ',' or '=')
            {
                throw new SelectorParseException($"invalid field selector: unescaped character '{c}'");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
