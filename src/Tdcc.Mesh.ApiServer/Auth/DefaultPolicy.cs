using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>The RBAC objects a new cluster starts with when auth is on: <c>cluster-admin</c> bound to <c>system:masters</c>.</summary>
internal static class DefaultPolicy
{
    public const string ClusterAdmin = "cluster-admin";
    public const string BasicUser = "system:basic-user";

    public static void Ensure(IApiStore store)
    {
        EnsureBasicUser(store);
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

    /// <summary>kube's <c>system:basic-user</c>: every authenticated user may review its own access (<c>kubectl auth can-i</c>, <c>whoami</c>).</summary>
    private static void EnsureBasicUser(IApiStore store)
    {
        if (store.GetObject(RbacAuthorizer.ApiVersion, "clusterroles", null, BasicUser) is null)
        {
            store.CreateObject(RbacAuthorizer.ApiVersion, "clusterroles", new JsonObject
            {
                ["apiVersion"] = RbacAuthorizer.ApiVersion,
                ["kind"] = "ClusterRole",
                ["metadata"] = Metadata(BasicUser),
                ["rules"] = new JsonArray(
                    new JsonObject { ["apiGroups"] = new JsonArray("authentication.k8s.io"), ["resources"] = new JsonArray("selfsubjectreviews"), ["verbs"] = new JsonArray("create") },
                    new JsonObject { ["apiGroups"] = new JsonArray("authorization.k8s.io"), ["resources"] = new JsonArray("selfsubjectaccessreviews", "selfsubjectrulesreviews"), ["verbs"] = new JsonArray("create") }),
            });
        }

        if (store.GetObject(RbacAuthorizer.ApiVersion, "clusterrolebindings", null, BasicUser) is null)
        {
            store.CreateObject(RbacAuthorizer.ApiVersion, "clusterrolebindings", new JsonObject
            {
                ["apiVersion"] = RbacAuthorizer.ApiVersion,
                ["kind"] = "ClusterRoleBinding",
                ["metadata"] = Metadata(BasicUser),
                ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = BasicUser },
                ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = UserInfo.Authenticated }),
            });
        }
    }

    private static JsonObject Metadata(string name = ClusterAdmin) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };
}
