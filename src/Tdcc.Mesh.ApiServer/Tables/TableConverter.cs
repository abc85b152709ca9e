using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Tables;

/// <summary>Builds meta.k8s.io/v1 Tables: the built-in columns, a CRD's additionalPrinterColumns, or Name and Age.</summary>
internal static class TableConverter
{
    private static readonly ImmutableArray<TableColumn> DefaultColumns = [BuiltInColumns.NameColumn, BuiltInColumns.AgeColumn];

    public static ImmutableArray<TableColumn> ColumnsFor(ResourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!definition.IsCustom)
        {
            return BuiltInColumns.ByResource.TryGetValue(definition.QualifiedResource, out var columns) ? columns : DefaultColumns;
        }

        if (definition.PrinterColumns.IsEmpty)
        {
            return DefaultColumns;
        }

        return [BuiltInColumns.NameColumn, .. definition.PrinterColumns.Select(CustomColumn)];
    }

    /// <summary>A Table of <paramref name="objects"/>.</summary>
    public static JsonObject ToTable(ResourceDefinition definition, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, long? remaining, IncludeObject include, DateTimeOffset now)
    {
        var columns = ColumnsFor(definition);
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        if (remaining is not null)
        {
            metadata["remainingItemCount"] = remaining;
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(obj, now)).ToArray()) };
            switch (include)
            {
                case IncludeObject.Object:
                    row["object"] = obj;
                    break;
                case IncludeObject.Metadata:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
                default:
                    break;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static TableColumn CustomColumn(PrinterColumn column) => new(
        column.Name,
        column.Type,
        column.Format,
        column.Description,
        column.Priority,
        (obj, now) =>
        {
            var value = JsonPathLite.Read(obj, column.JsonPath);
            if (value is null)
            {
                return null;
            }

            return column.Type switch
            {
                "date" => BuiltInColumns.Age(value, now),
                "integer" or "number" or "boolean" when value is JsonValue => value.DeepClone(),
                _ => value is JsonValue scalar ? scalar.ToString() : value.ToJsonString(),
            };
        });
}
