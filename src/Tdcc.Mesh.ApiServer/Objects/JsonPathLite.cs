using System.Globalization;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>
/// The simple JSON paths CRDs use (<c>.spec.replicas</c>, <c>.status.conditions[0].type</c>,
/// <c>.status.conditions[?(@.type=="Ready")].status</c>): read and write.
/// </summary>
internal static class JsonPathLite
{
    /// <summary>The value at <paramref name="path"/>, or null.</summary>
    public static JsonNode? Read(JsonNode? root, string path)
    {
        var node = root;
        foreach (var step in Steps(path))
        {
            node = step switch
            {
                { Filter: { } filter } => (node as JsonArray)?.OfType<JsonObject>().FirstOrDefault(item => string.Equals(item[filter.Field]?.ToString(), filter.Value, StringComparison.Ordinal)),
                { Index: { } index } => node is JsonArray array && index < array.Count ? array[index] : null,
                _ => (node as JsonObject)?[step.Name],
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Sets the value at a path of plain field names, creating objects on the way.</summary>
    public static void Write(JsonObject root, string path, JsonNode? value)
    {
        var steps = Steps(path).ToList();
        var node = root;
        for (var i = 0; i < steps.Count - 1; i++)
        {
            if (node[steps[i].Name] is not JsonObject child)
            {
                child = [];
                node[steps[i].Name] = child;
            }

            node = child;
        }

        if (steps.Count > 0)
        {
            node[steps[^1].Name] = value;
        }
    }

    private static IEnumerable<Step> Steps(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.' || text[i] == '$')
            {
                i++;
                continue;
            }

            if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    yield break;
                }

                var inner = text[(i + 1)..end].Trim();
                i = end + 1;
                if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
                {
                    var expression = inner[4..^1];
                    var eq = expression.IndexOf("==", StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        yield return new Step(string.Empty, null, (expression[..eq].Trim(), expression[(eq + 2)..].Trim().Trim('"', '\'')));
                    }
                }
                else if (int.TryParse(inner, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                {
                    yield return new Step(string.Empty, index, null);
                }
                else
                {
                    yield return new Step(inner.Trim('\'', '"'), null, null);
                }

                continue;
            }

            var start = i;
            while (i < text.Length && text[i] != '.' && text[i] != '[')
            {
                i++;
            }

            yield return new Step(text[start..i], null, null);
        }
    }

    private readonly record struct Step(string Name, int? Index, (string Field, string Value)? Filter);
}
