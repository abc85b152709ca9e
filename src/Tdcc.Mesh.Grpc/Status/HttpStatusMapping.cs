using Microsoft.AspNetCore.Http;

namespace Tdcc.Mesh.Grpc.Status;

/// <summary>
/// The gRPC code a client reports when a response is not HTTP 200 and carries no <c>grpc-status</c>
/// (gRPC's "HTTP to gRPC status code mapping" document).
/// </summary>
public static class HttpStatusMapping
{
    /// <summary>Maps a non-200 HTTP status to the gRPC status code a client reports.</summary>
    public static StatusCode ToStatusCode(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest => StatusCode.Internal,
        StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
        StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
        StatusCodes.Status404NotFound => StatusCode.Unimplemented,
        StatusCodes.Status429TooManyRequests => StatusCode.Unavailable,
        StatusCodes.Status502BadGateway => StatusCode.Unavailable,
        StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
        StatusCodes.Status504GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
