using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateConfigMap and ValidateSecret's key rules: every data key is a valid config key, no key in both maps.</summary>
internal sealed class ConfigDataValidation(string textField, string otherField) : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        foreach (var field in new[] { textField, otherField })
        {
            if (obj[field] is not JsonObject map)
            {
                continue;
            }

            foreach (var key in map.Select(p => p.Key).Order(StringComparer.Ordinal))
            {
                foreach (var message in Fields.ConfigKey(key))
                {
                    errors.InvalidString(Fields.Key(field, key), key, message);
                }
            }
        }

        if (textField == "data" && otherField == "binaryData" && obj["data"] is JsonObject data && obj["binaryData"] is JsonObject binary)
        {
            foreach (var key in binary.Select(p => p.Key).Where(data.ContainsKey).Order(StringComparer.Ordinal))
            {
                errors.InvalidString("binaryData", key, "duplicate of key present in data");
            }
        }
    }
}
