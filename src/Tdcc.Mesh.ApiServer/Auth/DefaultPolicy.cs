using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>The RBAC objects a new cluster starts with when auth is on: <c>cluster-admin</c> bound to <c>system:masters</c>.</summary>
internal static class DefaultPolicy
{
    public const string ClusterAdmin = "cluster-admin";

    public static void Ensure(IApiStore store)
    {
        if (store.GetObject(RbacAuthorizer.ApiVersion, "clusterroles", null, ClusterAdmin) is null)
        {
            store.CreateObject(RbacAuthorizer.ApiVersion, "clusterroles", new JsonObject
            {
                ["apiVersion"] = RbacAuthorizer.ApiVersion,
                ["kind"] = "ClusterRole",
                ["metadata"] = Metadata(),
                ["rules"] = new JsonArray(
                    new JsonObject { ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"), ["verbs"] = new JsonArray("*") },
                    new JsonObject { ["nonResourceURLs"] = new JsonArray("*"), ["verbs"] = new JsonArray("*") }),
            });
        }

        if (store.GetObject(RbacAuthorizer.ApiVersion, "clusterrolebindings", null, ClusterAdmin) is null)
        {
            store.CreateObject(RbacAuthorizer.ApiVersion, "clusterrolebindings", new JsonObject
            {
                ["apiVersion"] = RbacAuthorizer.ApiVersion,
                ["kind"] = "ClusterRoleBinding",
                ["metadata"] = Metadata(),
                ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = ClusterAdmin },
                ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = UserInfo.Masters }),
            });
        }
    }

    private static JsonObject Metadata() => new()
    {
        ["name"] = ClusterAdmin,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };
}
