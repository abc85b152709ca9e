using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// A GRPCRoute method match as a condition on the HTTP/2 path <c>/&lt;service&gt;/&lt;method&gt;</c>: Exact service
/// and method → the exact path; service only → prefix <c>/service/</c>; method only → the expression
/// <c>/[^/]+/method</c>; RegularExpression → <c>/(?:service)/(?:method)</c>, a missing part being <c>[^/]+</c>.
/// </summary>
public static class GrpcMethodPaths
{
    private const string AnySegment = "[^/]+";

    /// <summary>The path condition; null when the match names neither a service nor a method (every method).</summary>
    public static PathMatchModel? For(GrpcMethodMatch? match)
    {
        var service = string.IsNullOrEmpty(match?.Service) ? null : match.Service;
        var method = string.IsNullOrEmpty(match?.Method) ? null : match.Method;
        if (service is null && method is null)
        {
            return null;
        }

        if (string.Equals(match!.Type, MatchTypes.RegularExpression, StringComparison.Ordinal))
        {
            return new PathMatchModel(
                PathMatchKind.RegularExpression,
                "/" + (service is null ? AnySegment : $"(?:{service})") + "/" + (method is null ? AnySegment : $"(?:{method})"));
        }

        return (service, method) switch
        {
            ({ } s, { } m) => new PathMatchModel(PathMatchKind.Exact, $"/{s}/{m}"),
            ({ } s, null) => new PathMatchModel(PathMatchKind.Prefix, $"/{s}/"),
            _ => new PathMatchModel(PathMatchKind.RegularExpression, $"/{AnySegment}/{Re2Patterns.Escape(method!)}"),
        };
    }
}
