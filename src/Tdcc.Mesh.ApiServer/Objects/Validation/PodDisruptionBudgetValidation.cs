using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidatePodDisruptionBudgetSpec (policy/v1): minAvailable or maxUnavailable, the selector, the eviction policy.</summary>
internal sealed class PodDisruptionBudgetValidation : IKindValidation
{
    private static readonly string[] EvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var spec = obj["spec"] as JsonObject;
        var minAvailable = spec?["minAvailable"];
        var maxUnavailable = spec?["maxUnavailable"];
        if (minAvailable is not null && maxUnavailable is not null)
        {
            // kube prints the Go struct here; its pointers make the text meaningless, so the type stands for it.
            errors.Invalid("spec", "policy.PodDisruptionBudgetSpec{...}", "minAvailable and maxUnavailable cannot be both set");
        }

        WorkloadValidation.IntOrPercent(minAvailable, "spec.minAvailable", errors, max100: true);
        WorkloadValidation.IntOrPercent(maxUnavailable, "spec.maxUnavailable", errors, max100: true);
        Fields.LabelSelector(spec?["selector"], "spec.selector", errors);
        if (Fields.Str(spec?["unhealthyPodEvictionPolicy"]) is { } policy && !EvictionPolicies.Contains(policy, StringComparer.Ordinal))
        {
            errors.NotSupported("spec.unhealthyPodEvictionPolicy", policy, EvictionPolicies);
        }
    }
}
