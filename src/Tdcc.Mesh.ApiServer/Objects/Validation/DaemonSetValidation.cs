using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateDaemonSet / ValidateDaemonSetUpdate (apps/v1): workload rules (no replicas) plus the update strategy.</summary>
internal sealed class DaemonSetValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        WorkloadValidation.Validate(obj, old, "daemonset", hasReplicas: false, errors);
        errors.Enum(obj["spec"]?["updateStrategy"]?["type"], "spec.updateStrategy.type", "OnDelete", "RollingUpdate");
    }
}
