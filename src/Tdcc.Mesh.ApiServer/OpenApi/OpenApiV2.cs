namespace Tdcc.Mesh.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v2</c>: kubectl asks for it only as protobuf (gnostic openapi_v2.Document), for client-side validation of
/// kinds the v3 documents do not name and for older code paths. The server serves an empty Swagger 2.0 document: no
/// definitions, so kubectl skips client-side validation and lets discovery report unknown kinds (as against a real server,
/// where such kinds are equally absent from the document).
/// </summary>
internal static class OpenApiV2
{
    /// <summary>The content type kube-apiserver answers the protobuf request with.</summary>
    public const string ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>Document { swagger: "2.0" (field 1), paths: {} (field 8) }.</summary>
    public static ReadOnlyMemory<byte> EmptyDocument { get; } = new byte[] { 0x0a, 0x03, (byte)'2', (byte)'.', (byte)'0', 0x42, 0x00 };
}
