using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Tdcc.Mesh.MeshModel;
using ConfigRbac = Envoy.Config.Rbac.V3.RBAC;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;
using Principal = Envoy.Config.Rbac.V3.Principal;
using RbacPerRoute = Envoy.Extensions.Filters.Http.Rbac.V3.RBACPerRoute;
using RbacPolicy = Envoy.Config.Rbac.V3.Policy;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// MultiClusterNetworkPolicies (<see cref="ServiceAccessModel"/>) → Envoy's RBAC HTTP filter on the east-west gateway.
/// The listener's HttpConnectionManager gets <see cref="FilterName"/> before the router (an empty RBAC: it lets
/// everything through), and every virtual host of a governed service port gets its rules as
/// <c>typed_per_filter_config[FilterName]</c> = <c>RBACPerRoute</c> with one <c>DENY</c> RBAC. Envoy's RBAC has no
/// ordered mixed allow/deny rules, so the first-match order is compiled into the principals: a Deny rule becomes the
/// policy <c>&lt;ns&gt;/&lt;policy&gt;/&lt;rule&gt;</c> matching that rule and none of the Allow rules before it, and a
/// default Deny becomes <c>&lt;ns&gt;/&lt;policy&gt;/default</c> matching none of the Allow rules. A request is denied when
/// any policy matches, which is exactly when the first rule it matches is a Deny, or it matches none and the default
/// is Deny.
/// <list type="bullet">
/// <item>Source cluster: <c>authenticated.principal_name</c> ends with <c>/cluster/&lt;cluster&gt;/gateway</c> (the SPIFFE ID
/// of that cluster's gateway certificate, proven by the tunnel's mutual TLS; the chain ends at the clusterset CA).</item>
/// <item>Source namespace / identity: the headers <see cref="SourceNamespaceHeader"/> / <see cref="SourceWorkloadHeader"/>
/// the sending gateway attests.</item>
/// <item>Methods: header <c>:method</c>; paths: <c>url_path</c> (exact, or prefix for a trailing <c>*</c>). Ports pick the
/// virtual hosts a rule lands on; a rule whose operations all name other ports is left out of that port's RBAC.</item>
/// </list>
/// </summary>
public static class AccessPolicyTranslator
{
    /// <summary>The HTTP filter's name (Envoy's well-known name of the RBAC filter).</summary>
    public const string FilterName = "envoy.filters.http.rbac";

    /// <summary>The namespace the sending gateway attests for its client.</summary>
    public const string SourceNamespaceHeader = "x-tdcc-source-namespace";

    /// <summary>The identity (<c>&lt;namespace&gt;/&lt;service account&gt;</c>) the sending gateway attests for its client.</summary>
    public const string SourceWorkloadHeader = "x-tdcc-source-workload";

    /// <summary>The suffix of a cluster's gateway SPIFFE ID (<c>spiffe://&lt;trust domain&gt;/cluster/&lt;cluster&gt;/gateway</c>).</summary>
    public static string GatewayIdentitySuffix(string cluster) => "/cluster/" + cluster + "/gateway";

    /// <summary>The RBAC of one service port, or null when nothing on it can be denied.</summary>
    public static ConfigRbac? Rbac(ServiceAccessModel access, int port)
    {
        ArgumentNullException.ThrowIfNull(access);
        var rbac = new ConfigRbac { Action = ConfigRbac.Types.Action.Deny };
        var allows = new List<Principal>();
        foreach (var rule in access.Rules)
        {
            if (Matcher(rule, port) is not { } matcher)
            {
                continue;
            }

            if (rule.Action == AccessAction.Allow)
            {
                allows.Add(matcher);
                continue;
            }

            var key = rule.Policy + "/" + rule.Name;
            if (!rbac.Policies.ContainsKey(key))
            {
                rbac.Policies.Add(key, Policy(allows.Count == 0 ? matcher : And([matcher, Not(Or(allows))])));
            }
        }

        if (access.DefaultAction == AccessAction.Deny)
        {
            rbac.Policies.Add((access.DefaultPolicy ?? "default") + "/default", Policy(allows.Count == 0 ? AnyPrincipal() : Not(Or(allows))));
        }

        return rbac.Policies.Count == 0 ? null : rbac;
    }

    /// <summary>Sets the per-route RBAC on the virtual hosts of the governed services' ports; true when any was set.</summary>
    internal static bool Apply(RouteConfiguration routes, IEnumerable<ServiceModel> services)
    {
        var applied = false;
        foreach (var service in services.Where(s => s.Access is not null))
        {
            foreach (var port in ServicePorts.Served(service))
            {
                var name = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                var host = routes.VirtualHosts.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.Ordinal));
                if (host is null || Rbac(service.Access!, port.Port) is not { } rbac)
                {
                    continue;
                }

                host.TypedPerFilterConfig[FilterName] = Google.Protobuf.WellKnownTypes.Any.Pack(new RbacPerRoute { Rbac = new HttpRbac { Rules = rbac } });
                applied = true;
            }
        }

        return applied;
    }

    /// <summary>The HTTP filter for the listener: an RBAC without rules (everything passes unless a route says otherwise).</summary>
    internal static Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter HttpFilter() =>
        new() { Name = FilterName, TypedConfig = Google.Protobuf.WellKnownTypes.Any.Pack(new HttpRbac()) };

    private static RbacPolicy Policy(Principal principal) => new()
    {
        Permissions = { new Envoy.Config.Rbac.V3.Permission { Any = true } },
        Principals = { principal },
    };

    private static Principal? Matcher(AccessRuleModel rule, int port)
    {
        var operations = rule.To.Where(op => op.Ports is not { Count: > 0 } ports || ports.Contains(port)).ToList();
        if (rule.To.Count > 0 && operations.Count == 0)
        {
            return null;
        }

        var from = rule.From.Count == 0 ? AnyPrincipal() : Or([.. rule.From.Select(Source)]);
        var to = operations.Count == 0 ? AnyPrincipal() : Or([.. operations.Select(Operation)]);
        return And([from, to]);
    }

    private static Principal Source(AccessSourceModel source)
    {
        var parts = new List<Principal>();
        if (source.Clusters is { Count: > 0 } clusters)
        {
            parts.Add(Or([.. clusters.Select(c => new Principal { Authenticated = new Principal.Types.Authenticated { PrincipalName = new StringMatcher { Suffix = GatewayIdentitySuffix(c) } } })]));
        }

        if (source.Namespaces is { Count: > 0 } namespaces)
        {
            parts.Add(Or([.. namespaces.Select(n => Header(SourceNamespaceHeader, n))]));
        }

        if (source.Identities is { Count: > 0 } identities)
        {
            parts.Add(Or([.. identities.Select(i => Header(SourceWorkloadHeader, i))]));
        }

        return And(parts);
    }

    private static Principal Operation(AccessOperationModel operation)
    {
        var parts = new List<Principal>();
        if (operation.Methods is { Count: > 0 } methods)
        {
            parts.Add(Or([.. methods.Select(m => Header(":method", m))]));
        }

        if (operation.Paths is { Count: > 0 } paths)
        {
            parts.Add(Or([.. paths.Select(Path)]));
        }

        return And(parts);
    }

    private static Principal Path(string path) => new()
    {
        UrlPath = new PathMatcher
        {
            Path = path.EndsWith('*') ? new StringMatcher { Prefix = path[..^1] } : new StringMatcher { Exact = path },
        },
    };

    private static Principal Header(string name, string value) =>
        new() { Header = new HeaderMatcher { Name = name, StringMatch = new StringMatcher { Exact = value } } };

    private static Principal AnyPrincipal() => new() { Any = true };

    private static Principal Not(Principal principal) => new() { NotId = principal };

    private static Principal And(List<Principal> parts)
    {
        var kept = parts.Where(p => !(p.HasAny && p.Any)).ToList();
        if (kept.Count == 0)
        {
            return AnyPrincipal();
        }

        if (kept.Count == 1)
        {
            return kept[0];
        }

        var set = new Principal.Types.Set();
        set.Ids.AddRange(kept);
        return new Principal { AndIds = set };
    }

    private static Principal Or(List<Principal> parts)
    {
        if (parts.Any(p => p.HasAny && p.Any))
        {
            return AnyPrincipal();
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var set = new Principal.Types.Set();
        set.Ids.AddRange(parts);
        return new Principal { OrIds = set };
    }
}
