using System.Globalization;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>
/// A MultiClusterNetworkPolicy's spec → <see cref="AccessRuleModel"/>s and its default action, collecting every field
/// that cannot be used (named as a kubectl user writes it, for example <c>spec.rules[0].action</c>).
/// </summary>
internal static class NetworkPolicyConverter
{
    public static (IReadOnlyList<AccessRuleModel> Rules, AccessAction Default) Convert(string policy, MultiClusterNetworkPolicySpec spec, List<string> problems)
    {
        var defaultAction = Action(spec.DefaultAction ?? "Allow", "spec.defaultAction", problems);
        var rules = new List<AccessRuleModel>();
        var specRules = spec.Rules is { IsDefault: false } r ? r : [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < specRules.Length; i++)
        {
            var rule = specRules[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"spec.rules[{i}]");
            var name = string.IsNullOrEmpty(rule.Name) ? string.Create(CultureInfo.InvariantCulture, $"rule-{i}") : rule.Name;
            if (!names.Add(name))
            {
                problems.Add($"{where}.name: '{name}' is used twice");
            }

            if (name.Contains('/', StringComparison.Ordinal))
            {
                problems.Add($"{where}.name: '{name}' contains '/'");
            }

            var action = rule.Action is null ? AccessAction.Allow : Action(rule.Action, where + ".action", problems);
            if (rule.Action is null)
            {
                problems.Add($"{where}.action is required (Allow or Deny)");
            }

            var from = rule.From is { IsDefault: false } f ? f : [];
            var to = rule.To is { IsDefault: false } t ? t : [];
            rules.Add(new AccessRuleModel(
                policy,
                name,
                action,
                [.. from.Select((peer, j) => Source(peer, string.Create(CultureInfo.InvariantCulture, $"{where}.from[{j}]"), problems))],
                [.. to.Select((operation, k) => Operation(operation, string.Create(CultureInfo.InvariantCulture, $"{where}.to[{k}]"), problems))]));
        }

        return (rules, defaultAction);
    }

    public static string? TargetProblem(PolicyTargetReference target, int index)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"spec.targetRefs[{index}]");
        if (string.IsNullOrEmpty(target.Name))
        {
            return $"{where}.name is empty";
        }

        return (target.Group ?? PolicyGroups.Multicluster, target.Kind ?? PolicyGroups.ServiceImportKind) switch
        {
            (PolicyGroups.Multicluster, PolicyGroups.ServiceImportKind) => null,
            ("" or "core", PolicyGroups.ServiceKind) => null,
            var (group, kind) => $"{where}: {kind}.{group} cannot be targeted; use a ServiceImport (multicluster.x-k8s.io) or a Service",
        };
    }

    private static AccessAction Action(string value, string field, List<string> problems)
    {
        switch (value)
        {
            case "Allow":
                return AccessAction.Allow;
            case "Deny":
                return AccessAction.Deny;
            default:
                problems.Add($"{field}: '{value}' is not Allow or Deny");
                return AccessAction.Allow;
        }
    }

    private static AccessSourceModel Source(NetworkPolicySource peer, string where, List<string> problems)
    {
        var clusters = Names(peer.Clusters, where + ".clusters", problems);
        var namespaces = Names(peer.Namespaces, where + ".namespaces", problems);
        var accounts = Names(peer.ServiceAccounts, where + ".serviceAccounts", problems);
        foreach (var account in accounts ?? [])
        {
            var slash = account.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == account.Length - 1 || account.IndexOf('/', slash + 1) >= 0)
            {
                problems.Add($"{where}.serviceAccounts: '{account}' is not <namespace>/<name>");
            }
        }

        if (clusters is null && namespaces is null && accounts is null)
        {
            problems.Add($"{where}: names no clusters, namespaces or serviceAccounts (leave 'from' out to match any source)");
        }

        return new AccessSourceModel(clusters, namespaces, accounts);
    }

    private static List<string>? Names(System.Collections.Immutable.ImmutableArray<string>? values, string field, List<string> problems)
    {
        if (values is not { IsDefaultOrEmpty: false } list)
        {
            return null;
        }

        foreach (var bad in list.Where(v => string.IsNullOrWhiteSpace(v)))
        {
            problems.Add($"{field}: an entry is empty ('{bad}')");
        }

        return [.. list.Where(v => !string.IsNullOrWhiteSpace(v))];
    }

    private static AccessOperationModel Operation(NetworkPolicyOperation operation, string where, List<string> problems)
    {
        var ports = operation.Ports is { IsDefaultOrEmpty: false } p ? p.ToList() : null;
        foreach (var port in ports?.Where(port => port is < 1 or > 65535) ?? [])
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}.ports: {port} is not between 1 and 65535"));
        }

        if (operation.Http is not null && operation.Grpc is not null)
        {
            problems.Add($"{where}: give http or grpc, not both");
        }

        List<string>? methods = null;
        List<string>? paths = null;
        if (operation.Http is { } http)
        {
            methods = http.Methods is { IsDefaultOrEmpty: false } m ? [.. m] : null;
            foreach (var method in methods ?? [])
            {
                if (method.Length == 0 || !method.All(c => c is >= 'A' and <= 'Z'))
                {
                    problems.Add($"{where}.http.methods: '{method}' is not an upper-case HTTP method such as GET");
                }
            }

            paths = http.Paths is { IsDefaultOrEmpty: false } ps ? [.. ps] : null;
            foreach (var path in paths ?? [])
            {
                var star = path.IndexOf('*', StringComparison.Ordinal);
                if (!path.StartsWith('/') || (star >= 0 && star != path.Length - 1))
                {
                    problems.Add($"{where}.http.paths: '{path}' is neither an absolute path nor a prefix ending in * (such as /api/*)");
                }
            }
        }

        if (operation.Grpc is { } grpc)
        {
            if (string.IsNullOrEmpty(grpc.Service) || grpc.Service.Contains('/', StringComparison.Ordinal) || grpc.Service.Contains('*', StringComparison.Ordinal))
            {
                problems.Add($"{where}.grpc.service: '{grpc.Service}' is not a fully qualified service name such as tdcc.echo.v1.EchoService");
            }
            else if (grpc.Method is { } method && (method.Length == 0 || method.Contains('/', StringComparison.Ordinal) || method.Contains('*', StringComparison.Ordinal)))
            {
                problems.Add($"{where}.grpc.method: '{method}' is not a method name");
            }
            else
            {
                paths = [grpc.Method is null ? $"/{grpc.Service}/*" : $"/{grpc.Service}/{grpc.Method}"];
            }
        }

        return new AccessOperationModel(ports, methods, paths);
    }
}
