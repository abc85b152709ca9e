using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// Gateway API match precedence as comparable keys (lower first). HTTPRoute: exact path, then path prefix by length
/// (regular expressions, whose precedence the spec leaves to implementations, come between the two, longer first), then
/// a method match, then more header matches, then more query parameter matches. GRPCRoute: more characters of the
/// matching service, then of the method, then more header matches (exact before regular expressions on a tie).
/// Ties are settled across routes by <see cref="RouteResolver"/> (oldest, then namespace/name, then list order).
/// </summary>
internal static class MatchRanks
{
    public static IReadOnlyList<int> Http(PathMatchModel path, bool method, int headers, int queryParams, int pathLength)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = path.Kind switch
        {
            PathMatchKind.Exact => 0,
            PathMatchKind.RegularExpression => 1,
            _ => 2,
        };
        return [kind, -pathLength, method ? 0 : 1, -headers, -queryParams];
    }

    public static IReadOnlyList<int> Grpc(int serviceLength, int methodLength, int headers, bool regularExpression) =>
        [-serviceLength, -methodLength, -headers, regularExpression ? 1 : 0];

    public static int Compare(IReadOnlyList<int> x, IReadOnlyList<int> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            var c = x[i].CompareTo(y[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Count.CompareTo(y.Count);
    }
}
