using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>One ServiceExport as <c>kubectl tdcc exports</c> shows it: its Valid, Ready and Conflict conditions and what is wrong.</summary>
internal sealed record ExportSummary(ServiceExport Export) : INamespacedSummary
{
    public string Namespace => Export.Metadata.Namespace ?? string.Empty;

    public string Name => Export.Metadata.Name ?? string.Empty;

    public string Valid => Conditions.Cell(Export.Status?.Conditions, McsConditions.Valid, healthy: true);

    public string Ready => Conditions.Cell(Export.Status?.Conditions, McsConditions.Ready, healthy: true);

    public string Conflict => Conditions.Cell(Export.Status?.Conditions, McsConditions.Conflict, healthy: false);

    /// <summary>
    /// The conditions that say something is wrong, worst first: Valid not True, Ready not True, Conflict True, and
    /// NamespaceMissing True (some member lacks the namespace and gets no import).
    /// </summary>
    public IReadOnlyList<Condition> Problems
    {
        get
        {
            var conditions = Export.Status?.Conditions;
            var problems = new List<Condition>();
            Add(McsConditions.Valid, healthy: true);
            Add(McsConditions.Ready, healthy: true);
            Add(McsConditions.Conflict, healthy: false);
            Add(McsConditions.NamespaceMissing, healthy: false);
            return problems;

            void Add(string type, bool healthy)
            {
                if (Conditions.IsUnhealthy(conditions, type, healthy))
                {
                    problems.Add(ConditionSet.Find(conditions, type)!);
                }
            }
        }
    }

    /// <summary>The first problem on one line; empty when there is none.</summary>
    public string Message => Problems.Count == 0 ? string.Empty : Conditions.Describe(Problems[0]);

    public JsonObject ToJson() => new()
    {
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["valid"] = ConditionSet.Find(Export.Status?.Conditions, McsConditions.Valid)?.Status,
        ["ready"] = ConditionSet.Find(Export.Status?.Conditions, McsConditions.Ready)?.Status,
        ["conflict"] = ConditionSet.Find(Export.Status?.Conditions, McsConditions.Conflict)?.Status,
        ["problems"] = new JsonArray([.. Problems.Select(p => (JsonNode)Conditions.Describe(p))]),
        ["creationTimestamp"] = Export.Metadata.CreationTimestamp,
        ["conditions"] = Conditions.ToJson(Export.Status?.Conditions),
    };
}
