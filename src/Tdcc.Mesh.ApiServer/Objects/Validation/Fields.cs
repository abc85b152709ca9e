using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tdcc.Mesh.ApiMachinery.Selectors;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>The shared field validators of kube's apimachinery and core validation, with their exact messages.</summary>
internal static partial class Fields
{
    public const string NegativeMessage = "must be greater than or equal to 0";
    public const string PortRangeMessage = "must be between 1 and 65535, inclusive";
    private const string Dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string ConfigKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    public static string Key(string path, string key) => path + "[" + key + "]";

    /// <summary>The string value of a field, or null when absent or null.</summary>
    public static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The integer value of a field, or null when absent, null or not an integer.</summary>
    public static long? Int(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    public static IEnumerable<(JsonObject Item, string Path)> Items(JsonNode? array, string path) =>
        array is JsonArray a ? a.Select((n, i) => (n as JsonObject ?? [], Index(path, i))) : [];

    /// <summary>validation.IsQualifiedName: label keys, annotation keys, selector keys.</summary>
    public static IReadOnlyList<string> QualifiedName(string value) => LabelSyntax.ValidateKey(value);

    /// <summary>ValidateLabels: keys are qualified names, values valid label values; errors are on the map's path.</summary>
    public static void Labels(JsonNode? labels, string path, FieldErrorList errors)
    {
        if (labels is not JsonObject map)
        {
            return;
        }

        foreach (var (key, node) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var message in QualifiedName(key))
            {
                errors.InvalidString(path, key, message);
            }

            var value = Str(node) ?? string.Empty;
            foreach (var message in LabelSyntax.ValidateValue(value))
            {
                errors.InvalidString(path, value, message);
            }
        }
    }

    /// <summary>ValidateAnnotations: keys are qualified names (case-insensitive), total size at most 256 KiB.</summary>
    public static void Annotations(JsonNode? annotations, string path, FieldErrorList errors)
    {
        if (annotations is not JsonObject map)
        {
            return;
        }

        long total = 0;
        foreach (var (key, node) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var message in QualifiedName(key.ToLowerInvariant()))
            {
                errors.InvalidString(path, key, message);
            }

            total += key.Length + (Str(node)?.Length ?? 0);
        }

        if (total > TotalAnnotationSizeLimit)
        {
            errors.Add(new Errors.StatusCause(ApiMachinery.Schema.FieldErrorReason.TooLong, $"Too long: must have at most {TotalAnnotationSizeLimit} bytes", path));
        }
    }

    /// <summary>ValidateLabelSelector: matchLabels as labels, matchExpressions' keys, operators and values.</summary>
    public static void LabelSelector(JsonNode? selector, string path, FieldErrorList errors)
    {
        if (selector is not JsonObject s)
        {
            return;
        }

        foreach (var (requirement, at) in Items(s["matchExpressions"], Child(path, "matchExpressions")))
        {
            var op = Str(requirement["operator"]) ?? string.Empty;
            var count = (requirement["values"] as JsonArray)?.Count ?? 0;
            switch (op)
            {
                case "In" or "NotIn":
                    if (count == 0)
                    {
                        errors.Required(Child(at, "values"), "must be specified when `operator` is 'In' or 'NotIn'");
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (count > 0)
                    {
                        errors.Forbidden(Child(at, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    }

                    break;
                default:
                    errors.InvalidString(Child(at, "operator"), op, "not a valid selector operator");
                    break;
            }

            foreach (var message in QualifiedName(Str(requirement["key"]) ?? string.Empty))
            {
                errors.InvalidString(Child(at, "key"), Str(requirement["key"]) ?? string.Empty, message);
            }
        }

        Labels(s["matchLabels"], Child(path, "matchLabels"), errors);
    }

    /// <summary>True when <paramref name="labels"/> satisfy <paramref name="selector"/> (matchLabels and matchExpressions).</summary>
    public static bool SelectorMatches(JsonObject selector, JsonObject? labels)
    {
        string? Label(string key) => labels is not null && labels.TryGetPropertyValue(key, out var v) ? Str(v) ?? string.Empty : null;
        if (selector["matchLabels"] is JsonObject matchLabels && matchLabels.Any(p => Label(p.Key) != (Str(p.Value) ?? string.Empty)))
        {
            return false;
        }

        foreach (var requirement in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var value = Label(Str(requirement["key"]) ?? string.Empty);
            var values = (requirement["values"] as JsonArray ?? []).Select(Str).ToList();
            var ok = Str(requirement["operator"]) switch
            {
                "In" => value is not null && values.Contains(value),
                "NotIn" => value is null || !values.Contains(value),
                "Exists" => value is not null,
                "DoesNotExist" => value is null,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static bool SelectorEmpty(JsonObject selector) =>
        (selector["matchLabels"] as JsonObject)?.Count is null or 0 && (selector["matchExpressions"] as JsonArray)?.Count is null or 0;

    /// <summary>A selector as Go prints a metav1.LabelSelector value (<c>%#v</c>).</summary>
    public static string SelectorGo(JsonObject? selector)
    {
        if (selector is null)
        {
            return "null";
        }

        var expressions = selector["matchExpressions"] is JsonArray { Count: > 0 } list
            ? "[]v1.LabelSelectorRequirement{" + string.Join(", ", list.OfType<JsonObject>().Select(r =>
                $"v1.LabelSelectorRequirement{{Key:{GoFormat.Quote(Str(r["key"]) ?? string.Empty)}, Operator:{GoFormat.Quote(Str(r["operator"]) ?? string.Empty)}, Values:[]string{{{string.Join(", ", (r["values"] as JsonArray ?? []).Select(v => GoFormat.Quote(Str(v) ?? string.Empty)))}}}}}")) + "}"
            : "[]v1.LabelSelectorRequirement(nil)";
        return $"v1.LabelSelector{{MatchLabels:{GoFormat.StringMap(selector["matchLabels"] as JsonObject)}, MatchExpressions:{expressions}}}";
    }

    /// <summary>ValidateNonnegativeField on an integer field when present.</summary>
    public static void NonNegative(JsonNode? node, string path, FieldErrorList errors)
    {
        if (Int(node) is long value && value < 0)
        {
            errors.Invalid(path, value, NegativeMessage);
        }
    }

    /// <summary>IsDNS1123Label on a present value.</summary>
    public static void Dns1123Label(string value, string path, FieldErrorList errors)
    {
        foreach (var message in NameValidation.Validate(value, label: true))
        {
            errors.InvalidString(path, value, message);
        }
    }

    /// <summary>IsDNS1035Label messages (Service names).</summary>
    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add("must be no more than 63 characters");
        }

        if (!Dns1035Pattern().IsMatch(value))
        {
            errors.Add(Dns1035Message);
        }

        return errors;
    }

    /// <summary>validation.IsValidPortName.</summary>
    public static IReadOnlyList<string> PortName(string port)
    {
        var errors = new List<string>();
        if (port.Length > 15)
        {
            errors.Add("must be no more than 15 characters");
        }

        if (!PortNameCharset().IsMatch(port))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!port.Any(char.IsAsciiLetterLower))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>IsValidPortNum on a present integer field (absent or 0 is an error only when <paramref name="required"/>).</summary>
    public static void PortNumber(JsonNode? node, string path, FieldErrorList errors, bool required = false)
    {
        var value = Int(node);
        if (value is null or 0)
        {
            if (required)
            {
                errors.Required(path);
            }

            return;
        }

        if (value is < 1 or > 65535)
        {
            errors.Invalid(path, value.Value, PortRangeMessage);
        }
    }

    /// <summary>ValidatePortNumOrName on an intstr field.</summary>
    public static void PortNumberOrName(JsonNode? node, string path, FieldErrorList errors)
    {
        if (Str(node) is { } name)
        {
            foreach (var message in PortName(name))
            {
                errors.InvalidString(path, name, message);
            }
        }
        else if (Int(node) is long number && number is < 1 or > 65535)
        {
            errors.Invalid(path, number, PortRangeMessage);
        }
    }

    /// <summary>The protocol of a port: required (defaulted before validation where kube defaults it), one of SCTP, TCP, UDP.</summary>
    public static void Protocol(JsonNode? node, string path, FieldErrorList errors, bool required)
    {
        var value = Str(node);
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Required(path);
            }

            return;
        }

        errors.Enum(node, path, "SCTP", "TCP", "UDP");
    }

    /// <summary>IsConfigMapKey for ConfigMap and Secret data keys.</summary>
    public static IReadOnlyList<string> ConfigKey(string key)
    {
        var errors = new List<string>();
        if (key.Length > 253)
        {
            errors.Add("must be no more than 253 characters");
        }

        if (!ConfigKeyPattern().IsMatch(key))
        {
            errors.Add(ConfigKeyMessage);
        }

        if (key == ".")
        {
            errors.Add("must not be '.'");
        }
        else if (key == "..")
        {
            errors.Add("must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Pattern();

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortNameCharset();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKeyPattern();
}
