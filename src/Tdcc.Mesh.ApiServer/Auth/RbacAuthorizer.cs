using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>
/// kube's RBAC authorizer over the rbac.authorization.k8s.io/v1 objects in the store: ClusterRoleBindings grant their
/// ClusterRole everywhere (and its nonResourceURLs), RoleBindings grant their Role or ClusterRole's resource rules in
/// their namespace. Members of <c>system:masters</c> may do anything; authenticated users may read discovery.
/// Not done: ClusterRole aggregationRule.
/// </summary>
internal sealed partial class RbacAuthorizer
{
    public const string ApiVersion = "rbac.authorization.k8s.io/v1";

    private static readonly string[] DiscoveryPaths = ["/api", "/api/*", "/apis", "/apis/*", "/version", "/version/", "/openapi", "/openapi/*", "/healthz", "/livez", "/readyz"];

    private readonly IApiStore _store;

    public RbacAuthorizer(IApiStore store)
    {
        _store = store;
    }

    public bool Authorize(UserInfo user, RequestAttributes request)
    {
        if (user.IsInGroup(UserInfo.Masters))
        {
            return true;
        }

        if (!request.IsResourceRequest && request.Verb == "get" && user.IsInGroup(UserInfo.Authenticated) && DiscoveryPaths.Any(p => PathMatches(p, request.Path)))
        {
            return true;
        }

        foreach (var binding in _store.ListObjects(ApiVersion, "clusterrolebindings"))
        {
            if (Binds(binding, user, string.Empty)
                && RoleRules(binding, string.Empty) is { } rules
                && rules.Any(r => RuleAllows(r, request, allowNonResource: true)))
            {
                return true;
            }
        }

        if (!request.IsResourceRequest || request.Namespace.Length == 0)
        {
            return false;
        }

        foreach (var binding in _store.ListObjects(ApiVersion, "rolebindings", request.Namespace))
        {
            if (Binds(binding, user, request.Namespace)
                && RoleRules(binding, request.Namespace) is { } rules
                && rules.Any(r => RuleAllows(r, request, allowNonResource: false)))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];

    private static bool Binds(JsonObject binding, UserInfo user, string bindingNamespace)
    {
        if (binding["subjects"] is not JsonArray subjects)
        {
            return false;
        }

        foreach (var subject in subjects.OfType<JsonObject>())
        {
            var kind = (string?)subject["kind"];
            var name = (string?)subject["name"] ?? string.Empty;
            var matched = kind switch
            {
                "User" => string.Equals(name, user.Name, StringComparison.Ordinal),
                "Group" => user.IsInGroup(name),
                "ServiceAccount" => string.Equals(
                    $"system:serviceaccount:{((string?)subject["namespace"] is { Length: > 0 } ns ? ns : bindingNamespace)}:{name}",
                    user.Name,
                    StringComparison.Ordinal),
                _ => false,
            };
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(JsonNode? list, string value) =>
        Strings(list).Any(s => s == "*" || string.Equals(s, value, StringComparison.Ordinal));

    private static bool PathMatches(string pattern, string path) =>
        pattern == "*"
        || string.Equals(pattern, path, StringComparison.Ordinal)
        || (pattern.EndsWith('*') && path.StartsWith(pattern[..^1], StringComparison.Ordinal));

    private static bool ResourceMatches(JsonNode? resources, RequestAttributes request)
    {
        var combined = request.Subresource.Length == 0 ? request.Resource : request.Resource + "/" + request.Subresource;
        foreach (var resource in Strings(resources))
        {
            if (resource == "*" || string.Equals(resource, combined, StringComparison.Ordinal))
            {
                return true;
            }

            // "*/status" matches the status subresource of every resource.
            if (request.Subresource.Length > 0 && string.Equals(resource, "*/" + request.Subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool RuleAllows(JsonObject rule, RequestAttributes request, bool allowNonResource)
    {
        if (!Contains(rule["verbs"], request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return allowNonResource && Strings(rule["nonResourceURLs"]).Any(p => PathMatches(p, request.Path));
        }

        if (!Contains(rule["apiGroups"], request.ApiGroup) || !ResourceMatches(rule["resources"], request))
        {
            return false;
        }

        var names = Strings(rule["resourceNames"]).ToList();
        return names.Count == 0 || (request.Name.Length > 0 && names.Contains(request.Name, StringComparer.Ordinal));
    }

    private List<JsonObject>? RoleRules(JsonObject binding, string bindingNamespace)
    {
        var roleRef = binding["roleRef"];
        var kind = (string?)roleRef?["kind"];
        var name = (string?)roleRef?["name"];
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var role = kind switch
        {
            "ClusterRole" => _store.GetObject(ApiVersion, "clusterroles", null, name),
            "Role" when bindingNamespace.Length > 0 => _store.GetObject(ApiVersion, "roles", bindingNamespace, name),
            _ => null,
        };
        return (role?["rules"] as JsonArray)?.OfType<JsonObject>().ToList();
    }
}
