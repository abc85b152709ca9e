using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The RBAC objects the sandbox writes for the components it deploys itself (as the chart does for its own), so they
/// run with least privilege against API servers that authorize every request.
/// </summary>
internal static class SandboxRbac
{
    public const string Group = "rbac.authorization.k8s.io";

    private static readonly ResourceType Role = new(Group, "v1", "Role", "roles", Namespaced: true);
    private static readonly ResourceType RoleBinding = new(Group, "v1", "RoleBinding", "rolebindings", Namespaced: true);
    private static readonly ResourceType ClusterRole = new(Group, "v1", "ClusterRole", "clusterroles", Namespaced: false);
    private static readonly ResourceType ClusterRoleBinding = new(Group, "v1", "ClusterRoleBinding", "clusterrolebindings", Namespaced: false);

    /// <summary>One policy rule: API groups, resources, verbs and optionally resource names.</summary>
    public static JsonObject Rule(string[] groups, string[] resources, string[] verbs, string[]? names = null)
    {
        var rule = new JsonObject
        {
            ["apiGroups"] = new JsonArray([.. groups.Select(g => JsonValue.Create(g))]),
            ["resources"] = new JsonArray([.. resources.Select(r => JsonValue.Create(r))]),
            ["verbs"] = new JsonArray([.. verbs.Select(v => JsonValue.Create(v))]),
        };
        if (names is not null)
        {
            rule["resourceNames"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]);
        }

        return rule;
    }

    /// <summary>Creates (or updates) the ServiceAccount <paramref name="account"/> in <paramref name="namespace"/>.</summary>
    public static async Task EnsureServiceAccountAsync(IKubeClient client, string @namespace, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.Resource<ServiceAccount>().CreateIfMissingAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = account, Namespace = @namespace } }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A Role named <paramref name="name"/> with <paramref name="rules"/> in <paramref name="namespace"/>, bound to the ServiceAccount <paramref name="account"/> there.</summary>
    public static async Task GrantInNamespaceAsync(IKubeClient client, string @namespace, string name, string account, IEnumerable<JsonObject> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var meta = new ObjectMeta { Name = name, Namespace = @namespace };
        await client.Resource(Role).CreateOrUpdateAsync(GenericObject.Create(Role, meta, new JsonObject { ["rules"] = new JsonArray([.. rules]) }), cancellationToken).ConfigureAwait(false);
        await client.Resource(RoleBinding).CreateOrUpdateAsync(
            GenericObject.Create(RoleBinding, meta, new JsonObject { ["roleRef"] = RoleRef("Role", name), ["subjects"] = Subjects(@namespace, account) }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A ClusterRole named <paramref name="name"/> with <paramref name="rules"/>, bound cluster-wide to the ServiceAccount <paramref name="account"/> of <paramref name="namespace"/>.</summary>
    public static async Task GrantClusterWideAsync(IKubeClient client, string @namespace, string name, string account, IEnumerable<JsonObject> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var meta = new ObjectMeta { Name = name };
        await client.Resource(ClusterRole).CreateOrUpdateAsync(GenericObject.Create(ClusterRole, meta, new JsonObject { ["rules"] = new JsonArray([.. rules]) }), cancellationToken).ConfigureAwait(false);
        await client.Resource(ClusterRoleBinding).CreateOrUpdateAsync(
            GenericObject.Create(ClusterRoleBinding, meta, new JsonObject { ["roleRef"] = RoleRef("ClusterRole", name), ["subjects"] = Subjects(@namespace, account) }),
            cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject RoleRef(string kind, string name) => new() { ["apiGroup"] = Group, ["kind"] = kind, ["name"] = name };

    private static JsonArray Subjects(string @namespace, string account) =>
        [new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account, ["namespace"] = @namespace }];
}
