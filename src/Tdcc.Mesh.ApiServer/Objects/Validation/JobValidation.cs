using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateJob / ValidateJobUpdate (batch/v1): counts, the generated selector, a run-to-completion template, immutable fields.</summary>
internal sealed class JobValidation : IKindValidation
{
    public const string ImmutableMessage = "field is immutable";

    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var spec = obj["spec"] as JsonObject;
        var manual = spec?["manualSelector"] is JsonValue m && m.TryGetValue<bool>(out var isManual) && isManual;
        if (!manual && spec?["selector"] is JsonObject selector)
        {
            var uid = ObjectMeta.Uid(obj);
            if (Fields.Str(selector["matchLabels"]?[BatchDefaults.ControllerUidLabel]) != uid)
            {
                errors.Invalid("spec.selector", Fields.SelectorGo(selector), "`selector` not auto-generated");
            }
        }

        Spec(spec, "spec", requireSelector: true, errors);
        if (old?["spec"] is JsonObject before && spec is not null)
        {
            Immutable(spec, before, "selector", "spec", errors);
            Immutable(spec, before, "template", "spec", errors);
            Immutable(spec, before, "completionMode", "spec", errors);
            if (Fields.Str(spec["completionMode"]) != "Indexed")
            {
                Immutable(spec, before, "completions", "spec", errors);
            }
        }
    }

    /// <summary>ValidateJobSpec at <paramref name="path"/> (<c>spec</c>, or <c>spec.jobTemplate.spec</c> of a CronJob).</summary>
    public static void Spec(JsonObject? spec, string path, bool requireSelector, FieldErrorList errors)
    {
        Fields.NonNegative(spec?["parallelism"], Fields.Child(path, "parallelism"), errors);
        Fields.NonNegative(spec?["completions"], Fields.Child(path, "completions"), errors);
        Fields.NonNegative(spec?["activeDeadlineSeconds"], Fields.Child(path, "activeDeadlineSeconds"), errors);
        Fields.NonNegative(spec?["backoffLimit"], Fields.Child(path, "backoffLimit"), errors);
        Fields.NonNegative(spec?["ttlSecondsAfterFinished"], Fields.Child(path, "ttlSecondsAfterFinished"), errors);
        errors.Enum(spec?["completionMode"], Fields.Child(path, "completionMode"), "NonIndexed", "Indexed");
        errors.Enum(spec?["podReplacementPolicy"], Fields.Child(path, "podReplacementPolicy"), "Failed", "TerminatingOrFailed");
        if (Fields.Str(spec?["completionMode"]) == "Indexed" && spec?["completions"] is null)
        {
            errors.Required(Fields.Child(path, "completions"), "when completion mode is Indexed");
        }

        var template = spec?["template"] as JsonObject;
        if (spec?["selector"] is JsonObject selector)
        {
            var before = errors.Count;
            Fields.LabelSelector(selector, Fields.Child(path, "selector"), errors);
            if (errors.Count == before && !Fields.SelectorMatches(selector, template?["metadata"]?["labels"] as JsonObject))
            {
                errors.Invalid(Fields.Child(path, "template.metadata.labels"), GoFormat.StringMap(template?["metadata"]?["labels"] as JsonObject), "`selector` does not match template `labels`");
            }
        }
        else if (requireSelector)
        {
            errors.Required(Fields.Child(path, "selector"));
        }

        ObjectMetaValidation.Validate(template?["metadata"], Fields.Child(path, "template.metadata"), errors);
        PodSpecValidation.Validate(template?["spec"], Fields.Child(path, "template.spec"), errors);
        var restart = Fields.Str(template?["spec"]?["restartPolicy"]) ?? string.Empty;
        if (restart is not ("OnFailure" or "Never"))
        {
            errors.NotSupported(Fields.Child(path, "template.spec.restartPolicy"), restart, ["OnFailure", "Never"]);
        }
    }

    private static void Immutable(JsonObject spec, JsonObject before, string field, string path, FieldErrorList errors)
    {
        if (!JsonNode.DeepEquals(spec[field], before[field]))
        {
            var shown = spec[field] switch
            {
                JsonObject o when field == "selector" => Fields.SelectorGo(o),
                JsonValue v => GoFormat.Value(v),
                null => "null",
                var other => other.ToJsonString(),
            };
            errors.Invalid(Fields.Child(path, field), shown, ImmutableMessage);
        }
    }
}
