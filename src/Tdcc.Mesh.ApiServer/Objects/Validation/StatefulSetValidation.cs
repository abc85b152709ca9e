using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateStatefulSet / ValidateStatefulSetUpdate (apps/v1): workload rules plus its policies.</summary>
internal sealed class StatefulSetValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        WorkloadValidation.Validate(obj, old, "statefulset", hasReplicas: true, errors);
        var spec = obj["spec"];
        if (Fields.Str(spec?["podManagementPolicy"]) is { } policy && policy is not ("OrderedReady" or "Parallel"))
        {
            errors.InvalidString("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'");
        }

        if (Fields.Str(spec?["updateStrategy"]?["type"]) is { } type && type is not ("RollingUpdate" or "OnDelete"))
        {
            errors.InvalidString("spec.updateStrategy", type, "must be 'RollingUpdate' or 'OnDelete'");
        }

        Fields.NonNegative(spec?["updateStrategy"]?["rollingUpdate"]?["partition"], "spec.updateStrategy.rollingUpdate.partition", errors);
    }
}
