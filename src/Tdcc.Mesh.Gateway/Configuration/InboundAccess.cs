using System.Collections.Immutable;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using ConfigRbac = Envoy.Config.Rbac.V3.RBAC;
using Principal = Envoy.Config.Rbac.V3.Principal;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// Who may reach an exported service port through this gateway: the Envoy RBAC (action DENY) the hub translated from
/// the MultiClusterNetworkPolicies governing it (docs/network-policy.md), evaluated as Envoy's RBAC filter does for the
/// principal kinds the hub emits: <c>and_ids</c>, <c>or_ids</c>, <c>not_id</c>, <c>any</c>, <c>authenticated</c>
/// (<c>principal_name</c> against the peer gateway's SPIFFE ID), <c>header</c> (<c>:method</c>, <c>:path</c>,
/// <c>:authority</c> and request headers; <c>string_match</c> or <c>present_match</c>) and <c>url_path</c> (the path
/// without its query). Policies whose permissions are not all <c>any</c>, and other principal kinds, are refused when
/// the configuration is read (<see cref="FormatException"/>: the view is NACKed).
/// </summary>
public sealed class InboundAccess
{
    private readonly ImmutableArray<(string Name, Principal Principal)> _policies;

    private InboundAccess(ImmutableArray<(string Name, Principal Principal)> policies) => _policies = policies;

    /// <summary>The RBAC policy names, in evaluation order (<c>&lt;ns&gt;/&lt;policy&gt;/&lt;rule&gt;</c>).</summary>
    public IEnumerable<string> PolicyNames => _policies.Select(p => p.Name);

    /// <summary>Reads <paramref name="rbac"/>; <paramref name="where"/> names the resource in errors.</summary>
    /// <exception cref="FormatException">The RBAC uses what this gateway cannot evaluate.</exception>
    public static InboundAccess From(ConfigRbac rbac, string where)
    {
        ArgumentNullException.ThrowIfNull(rbac);
        if (rbac.Action != ConfigRbac.Types.Action.Deny)
        {
            throw new FormatException($"{where}: only RBAC action DENY is supported, not {rbac.Action}");
        }

        var policies = ImmutableArray.CreateBuilder<(string, Principal)>(rbac.Policies.Count);
        foreach (var (name, policy) in rbac.Policies)
        {
            if (policy.Condition is not null || policy.CheckedCondition is not null || policy.Permissions.Count == 0 || policy.Permissions.Any(p => !(p.HasAny && p.Any)))
            {
                throw new FormatException($"{where}: RBAC policy {name}: only permissions 'any' and no condition are supported");
            }

            var principal = policy.Principals.Count switch
            {
                0 => throw new FormatException($"{where}: RBAC policy {name} has no principals"),
                1 => policy.Principals[0],
                _ => new Principal { OrIds = new Principal.Types.Set { Ids = { policy.Principals } } },
            };
            Check(principal, $"{where}: RBAC policy {name}");
            policies.Add((name, principal));
        }

        return new InboundAccess(policies.MoveToImmutable());
    }

    /// <summary>The name of the first RBAC policy that denies the request, or null when it may pass.</summary>
    /// <param name="peerPrincipal">The SPIFFE ID of the peer gateway, proven by mutual TLS.</param>
    /// <param name="header">A request header's value (<c>:method</c>, <c>:path</c>, <c>:authority</c> included), null when absent.</param>
    public string? DeniedBy(string peerPrincipal, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        foreach (var (name, principal) in _policies)
        {
            if (Matches(principal, peerPrincipal, header))
            {
                return name;
            }
        }

        return null;
    }

    private static bool Matches(Principal principal, string peer, Func<string, string?> header) => principal.IdentifierCase switch
    {
        Principal.IdentifierOneofCase.AndIds => principal.AndIds.Ids.All(p => Matches(p, peer, header)),
        Principal.IdentifierOneofCase.OrIds => principal.OrIds.Ids.Any(p => Matches(p, peer, header)),
        Principal.IdentifierOneofCase.NotId => !Matches(principal.NotId, peer, header),
        Principal.IdentifierOneofCase.Any => principal.Any,
        Principal.IdentifierOneofCase.Authenticated => principal.Authenticated.PrincipalName is not { } name || Matches(name, peer),
        Principal.IdentifierOneofCase.Header => Matches(principal.Header, header),
        Principal.IdentifierOneofCase.UrlPath => header(":path") is { } path && Matches(principal.UrlPath.Path, StripQuery(path)),
        _ => false,
    };

    private static bool Matches(HeaderMatcher matcher, Func<string, string?> header)
    {
        var value = header(matcher.Name);
        var result = matcher.HeaderMatchSpecifierCase switch
        {
            HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch => (value is not null) == matcher.PresentMatch,
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch => value is not null && Matches(matcher.StringMatch, value),
            _ => false,
        };
        return matcher.InvertMatch ? !result : result;
    }

    private static bool Matches(StringMatcher matcher, string value)
    {
        var comparison = matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return matcher.MatchPatternCase switch
        {
            StringMatcher.MatchPatternOneofCase.Exact => string.Equals(value, matcher.Exact, comparison),
            StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, comparison),
            StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, comparison),
            StringMatcher.MatchPatternOneofCase.Contains => value.Contains(matcher.Contains, comparison),
            _ => false,
        };
    }

    private static string StripQuery(string path)
    {
        var end = path.IndexOfAny(['?', '#']);
        return end < 0 ? path : path[..end];
    }

    private static void Check(Principal principal, string where)
    {
        switch (principal.IdentifierCase)
        {
            case Principal.IdentifierOneofCase.AndIds:
                principal.AndIds.Ids.ToList().ForEach(p => Check(p, where));
                break;
            case Principal.IdentifierOneofCase.OrIds:
                principal.OrIds.Ids.ToList().ForEach(p => Check(p, where));
                break;
            case Principal.IdentifierOneofCase.NotId:
                Check(principal.NotId, where);
                break;
            case Principal.IdentifierOneofCase.Any:
                break;
            case Principal.IdentifierOneofCase.Authenticated:
                Check(principal.Authenticated.PrincipalName, where);
                break;
            case Principal.IdentifierOneofCase.Header:
                if (principal.Header.HeaderMatchSpecifierCase == HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch)
                {
                    Check(principal.Header.StringMatch, where);
                }
                else if (principal.Header.HeaderMatchSpecifierCase != HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch)
                {
                    throw new FormatException($"{where}: header match on {principal.Header.Name} is neither string_match nor present_match");
                }

                break;
            case Principal.IdentifierOneofCase.UrlPath:
                Check(principal.UrlPath.Path, where);
                break;
            default:
                throw new FormatException($"{where}: principal kind {principal.IdentifierCase} is not supported");
        }
    }

    private static void Check(StringMatcher? matcher, string where)
    {
        if (matcher is not null && matcher.MatchPatternCase is not (StringMatcher.MatchPatternOneofCase.Exact or StringMatcher.MatchPatternOneofCase.Prefix or StringMatcher.MatchPatternOneofCase.Suffix or StringMatcher.MatchPatternOneofCase.Contains))
        {
            throw new FormatException($"{where}: string match {matcher.MatchPatternCase} is not supported");
        }
    }
}
