using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// Writes a <see cref="RouteVerdict"/> into a route's status: the mesh's parent entries (<see cref="MeshController.Name"/>)
/// are replaced by the verdict's, other controllers' entries are kept, and a condition keeps its
/// <c>lastTransitionTime</c> while its status does not change. Pure.
/// </summary>
public static class RouteStatusMerger
{
    /// <summary>The new status and whether it differs from <paramref name="current"/>.</summary>
    public static (bool Changed, RouteStatus Status) Merge(RouteStatus? current, RouteVerdict verdict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var existing = current?.Parents ?? [];
        var parents = existing.Where(p => p.ControllerName != MeshController.Name).ToList();
        foreach (var parent in verdict.Parents)
        {
            var before = existing.FirstOrDefault(p => p.ControllerName == MeshController.Name && SameParent(p.ParentRef, parent.ParentRef));
            ImmutableArray<Condition> conditions = [.. (before?.Conditions ?? []).Where(c => parent.Conditions.Any(n => n.Type == c.Type))];
            foreach (var condition in parent.Conditions)
            {
                conditions = ConditionSet.Set(conditions, condition, now).Conditions;
            }

            parents.Add(new RouteParentStatus { ParentRef = parent.ParentRef, ControllerName = MeshController.Name, Conditions = conditions });
        }

        var status = (current ?? new RouteStatus()) with { Parents = [.. parents] };
        var changed = current is null
            ? status.Parents.Length > 0
            : JsonSerializer.Serialize(current, GatewayApiJsonContext.Default.RouteStatus) != JsonSerializer.Serialize(status, GatewayApiJsonContext.Default.RouteStatus);
        return (changed, status);
    }

    private static bool SameParent(ParentReference a, ParentReference b) =>
        a.Group == b.Group && a.Kind == b.Kind && a.Namespace == b.Namespace && a.Name == b.Name && a.SectionName == b.SectionName && a.Port == b.Port;
}
