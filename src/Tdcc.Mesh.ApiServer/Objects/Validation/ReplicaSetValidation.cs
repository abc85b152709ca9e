using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateReplicaSet / ValidateReplicaSetUpdate (apps/v1).</summary>
internal sealed class ReplicaSetValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors) =>
        WorkloadValidation.Validate(obj, old, "deployment", hasReplicas: true, errors);
}
