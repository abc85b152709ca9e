using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// The Gateway API's precedence of the rules on one listener, first match first: the most specific hostname (an exact
/// name, then the longest wildcard, then none); then the match (<see cref="MatchRanks"/>: exact path, longest prefix,
/// method, most headers, most query parameters); then the oldest route, then namespace/name alphabetically, then rule
/// order and match order.
/// </summary>
internal sealed class RulePrecedence : IComparer<(IngressRouteRule Rule, IngressRoute Route, IngressRouteEntry Entry)>
{
    public static RulePrecedence Instance { get; } = new();

    public int Compare((IngressRouteRule Rule, IngressRoute Route, IngressRouteEntry Entry) x, (IngressRouteRule Rule, IngressRoute Route, IngressRouteEntry Entry) y)
    {
        var c = Hostnames.Rank(x.Rule.Hostnames.IsDefaultOrEmpty ? null : x.Rule.Hostnames[0])
            .CompareTo(Hostnames.Rank(y.Rule.Hostnames.IsDefaultOrEmpty ? null : y.Rule.Hostnames[0]));
        if (c != 0)
        {
            return c;
        }

        c = MatchRanks.Compare(x.Entry.Rank, y.Entry.Rank);
        if (c != 0)
        {
            return c;
        }

        c = (x.Route.Created ?? DateTimeOffset.MaxValue).CompareTo(y.Route.Created ?? DateTimeOffset.MaxValue);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Route.Id.Namespace, y.Route.Id.Namespace);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Route.Id.Name, y.Route.Id.Name);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Route.Id.Kind, y.Route.Id.Kind);
        if (c != 0)
        {
            return c;
        }

        c = x.Rule.RuleIndex.CompareTo(y.Rule.RuleIndex);
        return c != 0 ? c : x.Entry.MatchIndex.CompareTo(y.Entry.MatchIndex);
    }
}
