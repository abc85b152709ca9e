using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Kube;

/// <summary>rbac.authorization.k8s.io/v1 kinds, used unstructured.</summary>
internal static class RbacTypes
{
    public const string Group = "rbac.authorization.k8s.io";
    public static readonly ResourceType Role = new(Group, "v1", "Role", "roles", Namespaced: true);
    public static readonly ResourceType RoleBinding = new(Group, "v1", "RoleBinding", "rolebindings", Namespaced: true);
    public static readonly ResourceType ClusterRole = new(Group, "v1", "ClusterRole", "clusterroles", Namespaced: false);
    public static readonly ResourceType ClusterRoleBinding = new(Group, "v1", "ClusterRoleBinding", "clusterrolebindings", Namespaced: false);
}
