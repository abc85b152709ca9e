using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateDeployment / ValidateDeploymentUpdate (apps/v1).</summary>
internal sealed class DeploymentValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        WorkloadValidation.Validate(obj, old, "deployment", hasReplicas: true, errors);
        var spec = obj["spec"] as JsonObject;
        var strategy = spec?["strategy"] as JsonObject;
        switch (Fields.Str(strategy?["type"]))
        {
            case null or "":
                break;
            case "Recreate":
                if (strategy?["rollingUpdate"] is JsonObject)
                {
                    errors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                }

                break;
            case "RollingUpdate":
                if (strategy?["rollingUpdate"] is JsonObject rolling)
                {
                    var unavailable = WorkloadValidation.IntOrPercent(rolling["maxUnavailable"], "spec.strategy.rollingUpdate.maxUnavailable", errors, max100: true);
                    var surge = WorkloadValidation.IntOrPercent(rolling["maxSurge"], "spec.strategy.rollingUpdate.maxSurge", errors, max100: false);
                    if (unavailable == 0 && surge == 0)
                    {
                        errors.Invalid("spec.strategy.rollingUpdate.maxUnavailable", GoFormat.Text(rolling["maxUnavailable"]) is { Length: > 0 } t ? t : "0", "may not be 0 when `maxSurge` is 0");
                    }
                }

                break;
            case var other:
                errors.NotSupported("spec.strategy.type", other, ["Recreate", "RollingUpdate"]);
                break;
        }

        if (Fields.Int(spec?["progressDeadlineSeconds"]) is long deadline)
        {
            Fields.NonNegative(spec?["progressDeadlineSeconds"], "spec.progressDeadlineSeconds", errors);
            if (deadline <= (Fields.Int(spec?["minReadySeconds"]) ?? 0))
            {
                errors.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds");
            }
        }
    }
}
