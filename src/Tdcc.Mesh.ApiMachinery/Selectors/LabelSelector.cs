using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>
/// A parsed label selector: an AND of <see cref="LabelRequirement"/>s, as kube evaluates <c>?labelSelector=</c>
/// and <c>metav1.LabelSelector</c>.
/// </summary>
public sealed class LabelSelector
{
    private readonly bool matchesNothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool matchesNothing)
    {
        Requirements = requirements;
        this.matchesNothing = matchesNothing;
    }

    /// <summary>The selector that matches every label set (empty text, empty metav1 selector).</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>The selector that matches no label set (a null metav1 selector where kube reads null as "nothing").</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>The requirements, sorted by key (stable), all of which must hold.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>Whether this selector has no requirements and matches everything.</summary>
    public bool IsEverything => !matchesNothing && Requirements.Count == 0;

    /// <summary>Parses kube's selector text (<c>a=b,c!=d,e in (f,g),!h</c>); null or blank means <see cref="Everything"/>.</summary>
    /// <exception cref="SelectorParseException">The text is not a valid selector; the message reads like kube's.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = LabelSelectorParser.Parse(text);
        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements), matchesNothing: false);
    }

    /// <summary>
    /// Converts a <c>metav1.LabelSelector</c> (<c>matchLabels</c> and <c>matchExpressions</c>). A null or empty selector
    /// matches everything, as in list filtering, NetworkPolicy <c>podSelector</c> and PodDisruptionBudget. Use
    /// <see cref="FromLabelSelectorOrNothing"/> where kube reads a null selector as matching nothing.
    /// </summary>
    /// <exception cref="SelectorParseException">An operator is unknown or a requirement is invalid.</exception>
    public static LabelSelector FromLabelSelector(JsonNode? metav1LabelSelector)
    {
        if (metav1LabelSelector is not JsonObject selector)
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                requirements.Add(LabelRequirement.Create(key, SelectorOperator.Equal, [ValueText(value)]));
            }
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                requirements.Add(FromExpression(expression));
            }
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements), matchesNothing: false);
    }

    /// <summary>
    /// Like <see cref="FromLabelSelector"/> but a null selector matches nothing (apimachinery's
    /// <c>LabelSelectorAsSelector</c>, used for workload selectors); an empty object still matches everything.
    /// </summary>
    /// <exception cref="SelectorParseException">An operator is unknown or a requirement is invalid.</exception>
    public static LabelSelector FromLabelSelectorOrNothing(JsonNode? metav1LabelSelector) =>
        metav1LabelSelector is null ? Nothing : FromLabelSelector(metav1LabelSelector);

    /// <summary>Whether <paramref name="labels"/> (null means no labels) satisfies every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels) =>
        !matchesNothing && Requirements.All(r => r.Matches(labels));

    /// <summary>Canonical kube text (requirements joined by ","), which parses back to an equal selector.</summary>
    public override string ToString() => string.Join(",", Requirements);

    private static LabelRequirement FromExpression(JsonNode? expression)
    {
        var key = expression?["key"]?.GetValue<string>() ?? string.Empty;
        var op = expression?["operator"]?.GetValue<string>() ?? string.Empty;
        var values = expression?["values"] is JsonArray array ? array.Select(ValueText).ToArray() : [];
        var selectorOperator = op switch
        {
            "In" => SelectorOperator.In,
            "NotIn" => SelectorOperator.NotIn,
            "Exists" => SelectorOperator.Exists,
            "DoesNotExist" => SelectorOperator.DoesNotExist,
            _ => throw new SelectorParseException($"\"{op}\" is not a valid label selector operator"),
        };
        return LabelRequirement.Create(key, selectorOperator, values);
    }

    private static string ValueText(JsonNode? value) => value?.ToString() ?? string.Empty;

    private static LabelRequirement[] SortByKey(IEnumerable<LabelRequirement> requirements) =>
        requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
}
