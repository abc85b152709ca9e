using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateLeaseSpec (coordination.k8s.io/v1).</summary>
internal sealed class LeaseValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        if (Fields.Int(obj["spec"]?["leaseDurationSeconds"]) is long duration && duration <= 0)
        {
            errors.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        Fields.NonNegative(obj["spec"]?["leaseTransitions"], "spec.leaseTransitions", errors);
    }
}
