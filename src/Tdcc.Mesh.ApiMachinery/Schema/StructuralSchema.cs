using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>
/// One node of a CRD's <c>openAPIV3Schema</c>, parsed into the keywords apiextensions validates, defaults and prunes with.
/// Parsing is lenient: use <see cref="CrdSchemaValidator"/> to reject schemas that are not structural.
/// </summary>
public sealed class StructuralSchema
{
    private StructuralSchema(JsonObject raw)
    {
        Raw = raw;
    }

    /// <summary>The schema node as given, for <c>kubectl explain</c> and OpenAPI publishing.</summary>
    public JsonObject Raw { get; }

    /// <summary>object, array, string, integer, number, boolean, or null when untyped.</summary>
    public string? Type { get; private init; }

    /// <summary>Declared properties.</summary>
    public IReadOnlyDictionary<string, StructuralSchema> Properties { get; private init; } = new Dictionary<string, StructuralSchema>();

    /// <summary>Names of required properties.</summary>
    public IReadOnlyList<string> Required { get; private init; } = [];

    /// <summary>The schema of array items.</summary>
    public StructuralSchema? Items { get; private init; }

    /// <summary>The schema of undeclared map values (<c>additionalProperties: {...}</c>).</summary>
    public StructuralSchema? AdditionalProperties { get; private init; }

    /// <summary>True when <c>additionalProperties: true</c> or a schema is given: undeclared keys are kept.</summary>
    public bool AllowsAdditionalProperties { get; private init; }

    /// <summary>Allowed values, or null.</summary>
    public IReadOnlyList<JsonNode?>? Enum { get; private init; }

    /// <summary>The <c>format</c> keyword.</summary>
    public string? Format { get; private init; }

    /// <summary>The <c>minimum</c> keyword.</summary>
    public double? Minimum { get; private init; }

    /// <summary>The <c>maximum</c> keyword.</summary>
    public double? Maximum { get; private init; }

    /// <summary>The <c>exclusiveMinimum</c> keyword (OpenAPI v3.0 boolean form).</summary>
    public bool ExclusiveMinimum { get; private init; }

    /// <summary>The <c>exclusiveMaximum</c> keyword (OpenAPI v3.0 boolean form).</summary>
    public bool ExclusiveMaximum { get; private init; }

    /// <summary>The <c>multipleOf</c> keyword.</summary>
    public double? MultipleOf { get; private init; }

    /// <summary>The <c>minLength</c> keyword.</summary>
    public long? MinLength { get; private init; }

    /// <summary>The <c>maxLength</c> keyword.</summary>
    public long? MaxLength { get; private init; }

    /// <summary>The <c>pattern</c> keyword (ECMA regular expression).</summary>
    public string? Pattern { get; private init; }

    /// <summary>The <c>minItems</c> keyword.</summary>
    public long? MinItems { get; private init; }

    /// <summary>The <c>maxItems</c> keyword.</summary>
    public long? MaxItems { get; private init; }

    /// <summary>The <c>uniqueItems</c> keyword.</summary>
    public bool UniqueItems { get; private init; }

    /// <summary>The <c>minProperties</c> keyword.</summary>
    public long? MinProperties { get; private init; }

    /// <summary>The <c>maxProperties</c> keyword.</summary>
    public long? MaxProperties { get; private init; }

    /// <summary>The <c>nullable</c> keyword.</summary>
    public bool Nullable { get; private init; }

    /// <summary>The <c>default</c> value, or null when none (a JSON null default is not supported by kube either).</summary>
    public JsonNode? Default { get; private init; }

    /// <summary>The <c>description</c>.</summary>
    public string? Description { get; private init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields: true</c>.</summary>
    public bool PreserveUnknownFields { get; private init; }

    /// <summary><c>x-kubernetes-int-or-string: true</c>.</summary>
    public bool IntOrString { get; private init; }

    /// <summary><c>x-kubernetes-embedded-resource: true</c>.</summary>
    public bool EmbeddedResource { get; private init; }

    /// <summary><c>x-kubernetes-list-type</c>: atomic, set or map.</summary>
    public string? ListType { get; private init; }

    /// <summary><c>x-kubernetes-list-map-keys</c>.</summary>
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    /// <summary>Value validations that must all hold (<c>allOf</c>).</summary>
    public IReadOnlyList<StructuralSchema> AllOf { get; private init; } = [];

    /// <summary>Value validations of which at least one must hold (<c>anyOf</c>).</summary>
    public IReadOnlyList<StructuralSchema> AnyOf { get; private init; } = [];

    /// <summary>Value validations of which exactly one must hold (<c>oneOf</c>).</summary>
    public IReadOnlyList<StructuralSchema> OneOf { get; private init; } = [];

    /// <summary>A value validation that must not hold (<c>not</c>).</summary>
    public StructuralSchema? Not { get; private init; }

    /// <summary><c>x-kubernetes-map-type</c>: granular or atomic.</summary>
    public string? MapType { get; private init; }

    /// <summary>Parses an <c>openAPIV3Schema</c> node.</summary>
    /// <exception cref="ArgumentException">The node is not a JSON object.</exception>
    public static StructuralSchema Parse(JsonNode openApiV3Schema)
    {
        if (openApiV3Schema is not JsonObject node)
        {
            throw new ArgumentException("openAPIV3Schema must be an object", nameof(openApiV3Schema));
        }

        var properties = new Dictionary<string, StructuralSchema>(StringComparer.Ordinal);
        if (node["properties"] is JsonObject props)
        {
            foreach (var (name, child) in props)
            {
                if (child is JsonObject childObject)
                {
                    properties[name] = Parse(childObject);
                }
            }
        }

        var additional = node["additionalProperties"];
        return new StructuralSchema((JsonObject)node.DeepClone())
        {
            Type = Text(node, "type"),
            Properties = properties,
            Required = node["required"] is JsonArray required ? required.Select(r => r?.ToString() ?? string.Empty).ToArray() : [],
            Items = node["items"] is JsonObject items ? Parse(items) : null,
            AdditionalProperties = additional is JsonObject additionalSchema ? Parse(additionalSchema) : null,
            AllowsAdditionalProperties = additional is JsonObject || Bool(node, "additionalProperties"),
            Enum = node["enum"] is JsonArray values ? values.Select(v => v?.DeepClone()).ToArray() : null,
            Format = Text(node, "format"),
            Minimum = Number(node, "minimum"),
            Maximum = Number(node, "maximum"),
            ExclusiveMinimum = Bool(node, "exclusiveMinimum"),
            ExclusiveMaximum = Bool(node, "exclusiveMaximum"),
            MultipleOf = Number(node, "multipleOf"),
            MinLength = Integer(node, "minLength"),
            MaxLength = Integer(node, "maxLength"),
            Pattern = Text(node, "pattern"),
            MinItems = Integer(node, "minItems"),
            MaxItems = Integer(node, "maxItems"),
            UniqueItems = Bool(node, "uniqueItems"),
            MinProperties = Integer(node, "minProperties"),
            MaxProperties = Integer(node, "maxProperties"),
            Nullable = Bool(node, "nullable"),
            Default = node["default"]?.DeepClone(),
            Description = Text(node, "description"),
            PreserveUnknownFields = Bool(node, "x-kubernetes-preserve-unknown-fields"),
            IntOrString = Bool(node, "x-kubernetes-int-or-string"),
            EmbeddedResource = Bool(node, "x-kubernetes-embedded-resource"),
            ListType = Text(node, "x-kubernetes-list-type"),
            ListMapKeys = node["x-kubernetes-list-map-keys"] is JsonArray keys ? keys.Select(k => k?.ToString() ?? string.Empty).ToArray() : [],
            MapType = Text(node, "x-kubernetes-map-type"),
            AllOf = Schemas(node, "allOf"),
            AnyOf = Schemas(node, "anyOf"),
            OneOf = Schemas(node, "oneOf"),
            Not = node["not"] is JsonObject not ? Parse(not) : null,
        };
    }

    /// <summary>The schema that applies to the value of <paramref name="key"/> in an object described by this schema, or null.</summary>
    public StructuralSchema? SchemaFor(string key) =>
        Properties.TryGetValue(key, out var declared) ? declared : AdditionalProperties;

    private static StructuralSchema[] Schemas(JsonObject node, string name) =>
        node[name] is JsonArray list ? list.OfType<JsonObject>().Select(Parse).ToArray() : [];

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Bool(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonObject node, string name) =>
        JsonNumbers.TryGetDouble(node[name], out var value) ? value : null;

    private static long? Integer(JsonObject node, string name) =>
        JsonNumbers.TryGetInt64(node[name], out var value) ? value : null;
}
