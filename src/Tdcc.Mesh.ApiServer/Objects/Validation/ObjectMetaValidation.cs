using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateObjectMeta's label and annotation rules (names are checked by <see cref="NameValidation"/> first).</summary>
internal static class ObjectMetaValidation
{
    public static void Validate(JsonNode? metadata, string path, FieldErrorList errors)
    {
        Fields.Labels(metadata?["labels"], Fields.Child(path, "labels"), errors);
        Fields.Annotations(metadata?["annotations"], Fields.Child(path, "annotations"), errors);
    }
}
