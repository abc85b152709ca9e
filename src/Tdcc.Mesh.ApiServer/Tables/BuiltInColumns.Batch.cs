using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Objects;

namespace Tdcc.Mesh.ApiServer.Tables;

/// <summary>The columns of batch/v1 Jobs and CronJobs, as kube's printers (printJob, printCronJob) fill them.</summary>
internal static partial class BuiltInColumns
{
    private const string SelectorDoc = "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

    private static ImmutableArray<TableColumn> JobColumns() =>
    [
        NameColumn,
        Col("Status", "string", "Status of the job.", o => JobStatus(o)),
        Col("Completions", "string", "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.", o => JobCompletions(o)),
        Col("Duration", "string", "Time required to complete the job.", (o, now) => JobDuration(o, now)),
        AgeColumn,
        Col("Containers", "string", "Names of each container in the template.", o => Containers(o, "name"), 1),
        Col("Images", "string", "Images referenced by each container in the template.", o => Containers(o, "image"), 1),
        Col("Selector", "string", SelectorDoc, o => Selector(o["spec"]?["selector"]), 1),
    ];

    private static ImmutableArray<TableColumn> CronJobColumns() =>
    [
        NameColumn,
        Col("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", o => Str(o["spec"]?["schedule"]) ?? string.Empty),
        Col("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process.", o => Str(o["spec"]?["timeZone"]) ?? None),
        Col("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.", o => o["spec"]?["suspend"] is JsonValue v && v.TryGetValue<bool>(out var b) ? (b ? "True" : "False") : "<unset>"),
        IntCol("Active", "A list of pointers to currently running jobs.", o => Count(o["status"]?["active"])),
        Col("Last Schedule", "string", "Information when was the last time the job was successfully scheduled.", (o, now) => o["status"]?["lastScheduleTime"] is { } last ? Age(last, now) : None),
        AgeColumn,
        Col("Containers", "string", "Names of each container in the template.", o => string.Join(",", (o["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => Str(c?["name"]) ?? string.Empty)), 1),
        Col("Images", "string", "Images referenced by each container in the template.", o => string.Join(",", (o["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => Str(c?["image"]) ?? string.Empty)), 1),
        Col("Selector", "string", SelectorDoc, o => Selector(o["spec"]?["jobTemplate"]?["spec"]?["selector"]), 1),
    ];

    private static TableColumn Col(string name, string type, string description, Func<JsonObject, DateTimeOffset, JsonNode?> cell, int priority) =>
        new(name, type, string.Empty, description, priority, cell);

    private static bool HasJobCondition(JsonObject o, string type) =>
        (o["status"]?["conditions"] as JsonArray ?? []).Any(c => Str(c?["type"]) == type && Str(c?["status"]) == "True");

    private static string JobStatus(JsonObject o) =>
        HasJobCondition(o, "Complete") ? "Complete"
        : HasJobCondition(o, "Failed") ? "Failed"
        : o["metadata"]?["deletionTimestamp"] is not null ? "Terminating"
        : HasJobCondition(o, "Suspended") ? "Suspended"
        : HasJobCondition(o, "FailureTarget") ? "FailureTarget"
        : HasJobCondition(o, "SuccessCriteriaMet") ? "SuccessCriteriaMet"
        : "Running";

    private static string JobCompletions(JsonObject o)
    {
        var succeeded = Int(o["status"]?["succeeded"]);
        var spec = o["spec"];
        if (spec?["completions"] is JsonValue completions)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{succeeded}/{Int(completions)}");
        }

        var parallelism = spec?["parallelism"] is JsonValue p ? Int(p) : 1;
        return parallelism > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{succeeded}/1 of {parallelism}")
            : string.Create(CultureInfo.InvariantCulture, $"{succeeded}/1");
    }

    private static string JobDuration(JsonObject o, DateTimeOffset now)
    {
        if (ObjectMeta.ParseTimestamp(Str(o["status"]?["startTime"])) is not { } start)
        {
            return string.Empty;
        }

        var end = ObjectMeta.ParseTimestamp(Str(o["status"]?["completionTime"])) ?? now;
        return HumanDuration.Format(end - start);
    }
}
