namespace Tdcc.Mesh.ApiServer.OpenApi.Types;

/// <summary>The field types of batch/v1 (Job, CronJob), in <see cref="BuiltInTypeText"/>'s notation.</summary>
internal static class BatchTypeText
{
    public const string Batch = """
        kind batch.Job
          spec:JobSpec status:JobStatus
        type batch.JobSpec
          parallelism:int32 completions:int32 activeDeadlineSeconds:int64 podFailurePolicy:PodFailurePolicy
          successPolicy:SuccessPolicy backoffLimit:int32 backoffLimitPerIndex:int32 maxFailedIndexes:int32
          selector:meta.LabelSelector manualSelector:bool template:core.PodTemplateSpec ttlSecondsAfterFinished:int32
          completionMode:string suspend:bool podReplacementPolicy:string managedBy:string
        type batch.PodFailurePolicy
          rules:[]PodFailurePolicyRule
        type batch.PodFailurePolicyRule
          action:string onExitCodes:PodFailurePolicyOnExitCodesRequirement onPodConditions:[]PodFailurePolicyOnPodConditionsPattern
        type batch.PodFailurePolicyOnExitCodesRequirement
          containerName:string operator:string values:[]int32
        type batch.PodFailurePolicyOnPodConditionsPattern
          type:string status:string
        type batch.SuccessPolicy
          rules:[]SuccessPolicyRule
        type batch.SuccessPolicyRule
          succeededIndexes:string succeededCount:int32
        type batch.JobStatus
          conditions:[]JobCondition startTime:time completionTime:time active:int32 succeeded:int32 failed:int32
          terminating:int32 completedIndexes:string failedIndexes:string uncountedTerminatedPods:UncountedTerminatedPods
          ready:int32
        type batch.JobCondition
          type:string status:string lastProbeTime:time lastTransitionTime:time reason:string message:string
        type batch.UncountedTerminatedPods
          succeeded:[]string failed:[]string
        kind batch.CronJob
          spec:CronJobSpec status:CronJobStatus
        type batch.CronJobSpec
          schedule:string timeZone:string startingDeadlineSeconds:int64 concurrencyPolicy:string suspend:bool
          jobTemplate:JobTemplateSpec successfulJobsHistoryLimit:int32 failedJobsHistoryLimit:int32
        type batch.JobTemplateSpec
          metadata:meta.ObjectMeta spec:JobSpec
        type batch.CronJobStatus
          active:[]core.ObjectReference lastScheduleTime:time lastSuccessfulTime:time
        """;
}
