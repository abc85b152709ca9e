using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>What controllers ask of a pod: is it counted, is it ready.</summary>
internal static class PodStates
{
    /// <summary>Not being deleted and not finished: counts towards a workload's replicas.</summary>
    public static bool IsActive(Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is not ("Succeeded" or "Failed");

    /// <summary>The Ready condition is True.</summary>
    public static bool IsReady(Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>True when the pod's controller owner has <paramref name="uid"/>.</summary>
    public static bool IsControlledBy(IKubeObject obj, string? uid) =>
        uid is not null && obj.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == uid) == true;
}
