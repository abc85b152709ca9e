using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>
/// What Deployment, ReplicaSet, StatefulSet and DaemonSet share: a required non-empty selector that matches the pod
/// template's labels, a valid template whose restartPolicy is Always, non-negative counts, and an immutable selector.
/// </summary>
internal static class WorkloadValidation
{
    public static void Validate(JsonObject obj, JsonObject? old, string emptySelectorKind, bool hasReplicas, FieldErrorList errors)
    {
        var spec = obj["spec"] as JsonObject;
        if (hasReplicas)
        {
            Fields.NonNegative(spec?["replicas"], "spec.replicas", errors);
        }

        Fields.NonNegative(spec?["minReadySeconds"], "spec.minReadySeconds", errors);
        Fields.NonNegative(spec?["revisionHistoryLimit"], "spec.revisionHistoryLimit", errors);
        var selector = spec?["selector"] as JsonObject;
        var template = spec?["template"] as JsonObject;
        if (selector is null)
        {
            errors.Required("spec.selector");
        }
        else
        {
            var before = errors.Count;
            Fields.LabelSelector(selector, "spec.selector", errors);
            if (Fields.SelectorEmpty(selector))
            {
                errors.Invalid("spec.selector", Fields.SelectorGo(selector), $"empty selector is invalid for {emptySelectorKind}");
            }
            else if (errors.Count == before && !Fields.SelectorMatches(selector, template?["metadata"]?["labels"] as JsonObject))
            {
                errors.Invalid("spec.template.metadata.labels", GoFormat.StringMap(template?["metadata"]?["labels"] as JsonObject), "`selector` does not match template `labels`");
            }
        }

        ObjectMetaValidation.Validate(template?["metadata"], "spec.template.metadata", errors);
        PodSpecValidation.Validate(template?["spec"], "spec.template.spec", errors);
        if (Fields.Str(template?["spec"]?["restartPolicy"]) is { } restart && restart != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", restart, ["Always"]);
        }

        if (old?["spec"]?["selector"] is JsonObject oldSelector && selector is not null && !JsonNode.DeepEquals(oldSelector, selector))
        {
            errors.Invalid("spec.selector", Fields.SelectorGo(selector), "field is immutable");
        }
    }

    /// <summary>ValidatePositiveIntOrPercent plus IsNotMoreThan100Percent when <paramref name="max100"/>; returns the value (percent or count) or null.</summary>
    public static long? IntOrPercent(JsonNode? node, string path, FieldErrorList errors, bool max100)
    {
        if (Fields.Str(node) is { } text)
        {
            if (text.Length < 2 || text[^1] != '%' || !text[..^1].All(char.IsAsciiDigit))
            {
                errors.Invalid(path, text, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
                return null;
            }

            var percent = long.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (max100 && percent > 100)
            {
                errors.Invalid(path, text, "must not be greater than 100%");
            }

            return percent;
        }

        if (Fields.Int(node) is long count)
        {
            Fields.NonNegative(node, path, errors);
            return count;
        }

        return null;
    }
}
