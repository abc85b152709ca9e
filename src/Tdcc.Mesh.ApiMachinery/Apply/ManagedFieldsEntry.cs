using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>One <c>metadata.managedFields</c> entry; unknown members of the stored entry are kept.</summary>
internal sealed class ManagedFieldsEntry
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    private ManagedFieldsEntry(JsonObject raw, FieldSet fields)
    {
        Raw = raw;
        Fields = fields;
    }

    public JsonObject Raw { get; }

    public FieldSet Fields { get; set; }

    public string Manager => Text("manager") ?? string.Empty;

    public string Operation => Text("operation") ?? string.Empty;

    public string? ApiVersion => Text("apiVersion");

    public string? Subresource => Text("subresource");

    /// <summary>The RFC 3339 time text (UTC, seconds), which sorts chronologically as text.</summary>
    public string? Time => Text("time");

    public static ManagedFieldsEntry Create(string manager, string operation, string? apiVersion, DateTimeOffset time, FieldSet fields)
    {
        var raw = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
        };
        if (apiVersion is not null)
        {
            raw["apiVersion"] = apiVersion;
        }

        var entry = new ManagedFieldsEntry(raw, fields);
        entry.Touch(time, apiVersion);
        return entry;
    }

    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is JsonArray list)
        {
            foreach (var item in list.OfType<JsonObject>())
            {
                entries.Add(new ManagedFieldsEntry((JsonObject)item.DeepClone(), FieldSet.FromFieldsV1(item["fieldsV1"])));
            }
        }

        return entries;
    }

    /// <summary>
    /// Writes the entries with non-empty field sets into <c>metadata.managedFields</c> of <paramref name="obj"/>, in kube's
    /// order: by operation (Apply first), then time, manager and apiVersion.
    /// </summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var list = new JsonArray();
        var ordered = entries.Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time, StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal);
        foreach (var entry in ordered)
        {
            var raw = (JsonObject)entry.Raw.DeepClone();
            raw["fieldsType"] = "FieldsV1";
            raw["fieldsV1"] = entry.Fields.ToFieldsV1();
            list.Add(raw);
        }

        if (list.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = list;
        }
    }

    public bool Is(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && (Subresource ?? string.Empty) == (subresource ?? string.Empty);

    public void Touch(DateTimeOffset time, string? apiVersion)
    {
        Raw["time"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (apiVersion is not null)
        {
            Raw["apiVersion"] = apiVersion;
        }
    }

    private string? Text(string name) =>
        Raw[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
