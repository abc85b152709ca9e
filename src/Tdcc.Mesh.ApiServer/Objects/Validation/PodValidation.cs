using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidatePodCreate / ValidatePodUpdate's spec rules.</summary>
internal sealed class PodValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors) =>
        PodSpecValidation.Validate(obj["spec"], "spec", errors);
}
