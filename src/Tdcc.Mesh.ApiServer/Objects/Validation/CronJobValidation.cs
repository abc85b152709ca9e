using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Scheduling;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateCronJobCreate / ValidateCronJobUpdate (batch/v1): schedule, time zone, policies and the job template.</summary>
internal sealed class CronJobValidation : IKindValidation
{
    /// <summary>The longest CronJob name: its jobs append an 11-character suffix to it.</summary>
    private const int MaxNameLength = 52;

    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var name = ObjectMeta.Name(obj);
        if (name.Length > MaxNameLength)
        {
            errors.InvalidString("metadata.name", name, "must be no more than 52 characters");
        }

        var spec = obj["spec"] as JsonObject;
        var schedule = Fields.Str(spec?["schedule"]) ?? string.Empty;
        var timeZone = Fields.Str(spec?["timeZone"]);
        if (schedule.Length == 0)
        {
            errors.Required("spec.schedule");
        }
        else
        {
            if (!CronSchedule.TryParse(schedule, out _, out var error))
            {
                errors.InvalidString("spec.schedule", schedule, error);
            }

            // TZ in the schedule is only still allowed on objects that had it already.
            var hadTz = Fields.Str(old?["spec"]?["schedule"])?.Contains("TZ", StringComparison.Ordinal) == true;
            if (schedule.Contains("TZ", StringComparison.Ordinal))
            {
                if (!hadTz)
                {
                    errors.InvalidString("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
                }
                else if (timeZone is not null)
                {
                    errors.InvalidString("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
                }
            }
        }

        if (timeZone is not null)
        {
            if (timeZone.Length == 0 || timeZone == "Local" || timeZone.Contains(' ', StringComparison.Ordinal))
            {
                errors.InvalidString("spec.timeZone", timeZone, "unknown time zone " + timeZone);
            }
            else if (CronSchedule.FindZone(timeZone) is null)
            {
                errors.InvalidString("spec.timeZone", timeZone, "unknown time zone " + timeZone);
            }
        }

        Fields.NonNegative(spec?["startingDeadlineSeconds"], "spec.startingDeadlineSeconds", errors);
        Fields.NonNegative(spec?["successfulJobsHistoryLimit"], "spec.successfulJobsHistoryLimit", errors);
        Fields.NonNegative(spec?["failedJobsHistoryLimit"], "spec.failedJobsHistoryLimit", errors);
        if (Fields.Str(spec?["concurrencyPolicy"]) is { } policy && policy is not ("Allow" or "Forbid" or "Replace"))
        {
            errors.NotSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]);
        }
        else if (spec?["concurrencyPolicy"] is null)
        {
            errors.Required("spec.concurrencyPolicy");
        }

        ObjectMetaValidation.Validate(spec?["jobTemplate"]?["metadata"], "spec.jobTemplate.metadata", errors);
        JobValidation.Spec(spec?["jobTemplate"]?["spec"] as JsonObject, "spec.jobTemplate.spec", requireSelector: false, errors);
    }
}
