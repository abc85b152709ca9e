using Envoy.Config.Core.V3;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// Decides, before anything is served, whether an ADS stream may go on: the node its first request names and the
/// call's headers (an <c>authorization</c> bearer token, for instance). The default admits every node; the hub
/// registers one that makes gateways prove their cluster.
/// </summary>
public interface IXdsStreamAuthenticator
{
    /// <summary>Null when the stream may go on; otherwise the gRPC status and the sentence that end it.</summary>
    ValueTask<XdsStreamRejection?> AuthenticateAsync(Node node, IHeaderDictionary headers, CancellationToken cancellationToken);
}

/// <summary>Why a stream is refused: the gRPC status that ends it and a sentence naming what is missing.</summary>
public sealed record XdsStreamRejection(StatusCode Code, string Message)
{
    /// <summary>No credential, or one that is not valid.</summary>
    public static XdsStreamRejection Unauthenticated(string message) => new(StatusCode.Unauthenticated, message);

    /// <summary>A valid credential that does not allow what the node claims.</summary>
    public static XdsStreamRejection PermissionDenied(string message) => new(StatusCode.PermissionDenied, message);
}

/// <summary>The default: every node is served (what a control plane without credentials can do).</summary>
internal sealed class AnyNodeAuthenticator : IXdsStreamAuthenticator
{
    public ValueTask<XdsStreamRejection?> AuthenticateAsync(Node node, IHeaderDictionary headers, CancellationToken cancellationToken) =>
        ValueTask.FromResult<XdsStreamRejection?>(null);
}
