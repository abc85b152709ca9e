using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>The validation strategy of one built-in resource (kube's <c>Validate</c> / <c>ValidateUpdate</c>).</summary>
internal interface IKindValidation
{
    /// <summary>Adds the problems of <paramref name="obj"/> to <paramref name="errors"/>; <paramref name="old"/> is the stored object on update, null on create.</summary>
    void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors);
}
