using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>The rules RBAC grants a user in a namespace (kube's RulesFor, behind SelfSubjectRulesReview).</summary>
internal sealed partial class RbacAuthorizer
{
    /// <summary>
    /// The resource and non-resource rules of every ClusterRoleBinding, and of every RoleBinding in
    /// <paramref name="ns"/>, that binds <paramref name="user"/>, plus the discovery paths authenticated users may read.
    /// </summary>
    public (List<JsonObject> ResourceRules, List<JsonObject> NonResourceRules) RulesFor(UserInfo user, string ns)
    {
        var resourceRules = new List<JsonObject>();
        var nonResourceRules = new List<JsonObject>();
        void Collect(IEnumerable<JsonObject> rules, bool cluster)
        {
            foreach (var rule in rules)
            {
                if (rule["nonResourceURLs"] is JsonArray { Count: > 0 } urls)
                {
                    if (cluster)
                    {
                        nonResourceRules.Add(new JsonObject { ["verbs"] = rule["verbs"]?.DeepClone() ?? new JsonArray(), ["nonResourceURLs"] = urls.DeepClone() });
                    }

                    continue;
                }

                var converted = new JsonObject
                {
                    ["verbs"] = rule["verbs"]?.DeepClone() ?? new JsonArray(),
                    ["apiGroups"] = rule["apiGroups"]?.DeepClone() ?? new JsonArray(),
                    ["resources"] = rule["resources"]?.DeepClone() ?? new JsonArray(),
                };
                if (rule["resourceNames"] is JsonArray { Count: > 0 } names)
                {
                    converted["resourceNames"] = names.DeepClone();
                }

                resourceRules.Add(converted);
            }
        }

        foreach (var binding in _store.ListObjects(ApiVersion, "clusterrolebindings"))
        {
            if (Binds(binding, user, string.Empty) && RoleRules(binding, string.Empty) is { } rules)
            {
                Collect(rules, cluster: true);
            }
        }

        if (ns.Length > 0)
        {
            foreach (var binding in _store.ListObjects(ApiVersion, "rolebindings", ns))
            {
                if (Binds(binding, user, ns) && RoleRules(binding, ns) is { } rules)
                {
                    Collect(rules, cluster: false);
                }
            }
        }

        if (user.IsInGroup(UserInfo.Authenticated))
        {
            nonResourceRules.Add(new JsonObject
            {
                ["verbs"] = new JsonArray("get"),
                ["nonResourceURLs"] = new JsonArray(DiscoveryPaths.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            });
        }

        return (resourceRules, nonResourceRules);
    }
}
