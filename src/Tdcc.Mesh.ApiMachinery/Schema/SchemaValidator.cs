using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Validates a custom resource against its structural schema, producing kube's field errors and messages.</summary>
public static class SchemaValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Validates <paramref name="obj"/>; <paramref name="rootPath"/> prefixes every field path (empty: paths start at
    /// the object's top-level fields, e.g. <c>spec.replicas</c>).
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? obj, StructuralSchema schema, string rootPath = "")
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rootPath);
        var errors = new List<FieldError>();
        ValidateNode(obj, schema, rootPath, errors);
        return errors;
    }

    private static void ValidateNode(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var name = path.Length == 0 ? "body" : path;
        if (value is null)
        {
            if (!schema.Nullable && (schema.Type is not null || schema.IntOrString))
            {
                errors.Add(FieldError.TypeInvalidValue(path, "\"null\"", $"{name} in body must be of type {ExpectedType(schema)}: \"null\""));
            }

            return;
        }

        var actual = GoValue.TypeName(value);
        if (!TypeMatches(schema, actual))
        {
            errors.Add(FieldError.TypeInvalidValue(path, GoValue.Quote(actual), $"{name} in body must be of type {ExpectedType(schema)}: {GoValue.Quote(actual)}"));
            return;
        }

        if (schema.Enum is { } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(FieldError.NotSupportedValue(path, GoValue.Format(value), allowed.Select(GoValue.Format)));
        }

        ValidateCombinators(value, schema, path, errors);

        switch (value)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            default:
                if (actual == "string")
                {
                    ValidateString(value.GetValue<string>(), schema, path, errors);
                }
                else if (actual is "integer" or "number")
                {
                    ValidateNumber(value, schema, path, errors);
                }

                break;
        }
    }

    private static void ValidateCombinators(JsonNode value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        foreach (var all in schema.AllOf)
        {
            ValidateNode(value, all, path, errors);
        }

        var name = Name(path);
        var shown = GoValue.Format(value);
        if (schema.AnyOf.Count > 0 && !schema.AnyOf.Any(s => Validate(value, s, path).Count == 0))
        {
            errors.Add(FieldError.InvalidValue(path, shown, $"{name} in body must validate at least one schema (anyOf)"));
        }

        if (schema.OneOf.Count > 0 && schema.OneOf.Count(s => Validate(value, s, path).Count == 0) != 1)
        {
            errors.Add(FieldError.InvalidValue(path, shown, $"{name} in body must validate one and only one schema (oneOf)"));
        }

        if (schema.Not is { } not && Validate(value, not, path).Count == 0)
        {
            errors.Add(FieldError.InvalidValue(path, shown, $"{name} in body must not validate the schema (not)"));
        }
    }

    private static bool TypeMatches(StructuralSchema schema, string actual)
    {
        if (schema.IntOrString)
        {
            return actual is "integer" or "string";
        }

        return schema.Type switch
        {
            null => true,
            "number" => actual is "number" or "integer",
            var expected => expected == actual,
        };
    }

    private static string ExpectedType(StructuralSchema schema) => schema.IntOrString ? "integer-or-string" : schema.Type ?? "any";

    private static void ValidateObject(JsonObject obj, StructuralSchema schema, string path, List<FieldError> errors)
    {
        foreach (var required in schema.Required)
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add(FieldError.RequiredValue(Child(path, required)));
            }
        }

        if (schema.MinProperties is long min && obj.Count < min)
        {
            errors.Add(FieldError.InvalidValue(path, obj.Count.ToString(CultureInfo.InvariantCulture), $"{Name(path)} in body should have at least {min} properties"));
        }

        if (schema.MaxProperties is long max && obj.Count > max)
        {
            errors.Add(FieldError.TooManyValues(path, obj.Count, max));
        }

        if (schema.EmbeddedResource)
        {
            foreach (var field in new[] { "apiVersion", "kind" })
            {
                if (obj[field] is null || obj[field]!.ToString().Length == 0)
                {
                    errors.Add(FieldError.RequiredValue(Child(path, field), "must not be empty"));
                }
            }
        }

        foreach (var (key, child) in obj)
        {
            if (schema.SchemaFor(key) is { } childSchema)
            {
                ValidateNode(child, childSchema, Child(path, key), errors);
            }
        }
    }

    private static void ValidateArray(JsonArray array, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (schema.MinItems is long min && array.Count < min)
        {
            errors.Add(FieldError.InvalidValue(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{Name(path)} in body should have at least {min} items"));
        }

        if (schema.MaxItems is long max && array.Count > max)
        {
            errors.Add(FieldError.TooManyValues(path, array.Count, max));
        }

        if (schema.UniqueItems && HasDuplicates(array.ToList()))
        {
            errors.Add(FieldError.InvalidValue(path, GoValue.Format(array), $"{Name(path)} in body shouldn't contain duplicates"));
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (schema.Items is { } items)
            {
                ValidateNode(array[i], items, $"{path}[{i}]", errors);
            }
        }

        ValidateListType(array, schema, path, errors);
    }

    private static void ValidateListType(JsonArray array, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (schema.ListType == "set")
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (Enumerable.Range(0, i).Any(j => JsonNode.DeepEquals(array[j], array[i])))
                {
                    errors.Add(FieldError.DuplicateValue($"{path}[{i}]", GoValue.Format(array[i])));
                }
            }
        }
        else if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            var seen = new List<JsonObject>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject item)
                {
                    continue;
                }

                var key = new JsonObject();
                foreach (var k in schema.ListMapKeys)
                {
                    if (item.TryGetPropertyValue(k, out var kv))
                    {
                        key[k] = kv?.DeepClone();
                    }
                }

                if (seen.Any(s => JsonNode.DeepEquals(s, key)))
                {
                    errors.Add(FieldError.DuplicateValue($"{path}[{i}]", key.ToJsonString()));
                }

                seen.Add(key);
            }
        }
    }

    private static bool HasDuplicates(List<JsonNode?> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonNode.DeepEquals(items[i], items[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void ValidateString(string text, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var length = text.EnumerateRunes().Count();
        var quoted = GoValue.Quote(text);
        if (schema.MaxLength is long max && length > max)
        {
            errors.Add(FieldError.TooLongValue(path, max));
        }

        if (schema.MinLength is long min && length < min)
        {
            errors.Add(FieldError.InvalidValue(path, quoted, $"{Name(path)} in body should be at least {min} chars long"));
        }

        if (schema.Pattern is { } pattern && !MatchesPattern(text, pattern))
        {
            errors.Add(FieldError.InvalidValue(path, quoted, $"{Name(path)} in body should match '{pattern}'"));
        }

        if (schema.Format is { } format && !StringFormats.IsValid(format, text))
        {
            errors.Add(FieldError.InvalidValue(path, quoted, $"{Name(path)} in body must be of type {format}: {quoted}"));
        }
    }

    private static bool MatchesPattern(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException)
        {
            // An unparsable pattern is rejected when the CRD is validated; a stored one never fails objects.
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static void ValidateNumber(JsonNode value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (!JsonNumbers.TryGetDouble(value, out var number))
        {
            return;
        }

        var shown = GoValue.Format(value);
        if (schema.Minimum is double min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldError.InvalidValue(path, shown, $"{Name(path)} in body should be {relation} {JsonNumbers.Format(min)}"));
        }

        if (schema.Maximum is double max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldError.InvalidValue(path, shown, $"{Name(path)} in body should be {relation} {JsonNumbers.Format(max)}"));
        }

        if (schema.MultipleOf is double factor && factor > 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9)
        {
            errors.Add(FieldError.InvalidValue(path, shown, $"{Name(path)} in body should be a multiple of {JsonNumbers.Format(factor)}"));
        }

        if (schema.Type == "integer" && schema.Format == "int32" && (number < int.MinValue || number > int.MaxValue))
        {
            errors.Add(FieldError.InvalidValue(path, shown, $"{Name(path)} in body must be of type int32: {GoValue.Quote(shown)}"));
        }
    }

    private static string Name(string path) => path.Length == 0 ? "body" : path;

    private static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
