namespace Tdcc.Mesh.Grpc.Protocol;

/// <summary>Header names, values and content types of the gRPC over HTTP/2 protocol.</summary>
public static class GrpcProtocol
{
    /// <summary>The content type of gRPC requests and responses.</summary>
    public const string ContentType = "application/grpc";

    /// <summary>The explicit protobuf variant of <see cref="ContentType"/>.</summary>
    public const string ProtoContentType = "application/grpc+proto";

    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";

    /// <summary>The only compression supported besides identity.</summary>
    public const string GzipEncoding = "gzip";

    /// <summary>No compression.</summary>
    public const string IdentityEncoding = "identity";

    /// <summary>What both sides advertise in <c>grpc-accept-encoding</c>.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>The default maximum size of a received message: 4 MiB, as in other gRPC implementations.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// True for <c>application/grpc</c> and <c>application/grpc+proto</c>, with any parameters; false for
    /// other subtypes (such as <c>application/grpc+json</c> or <c>application/grpc-web</c>) and for everything else.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (end < 0 ? contentType : contentType[..end]).Trim();
        return string.Equals(mediaType, ContentType, StringComparison.OrdinalIgnoreCase)
            || string.Equals(mediaType, ProtoContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Turns a <c>grpc-encoding</c> value into the encoding the framing code uses: null for none or identity,
    /// <see cref="GzipEncoding"/> for gzip; false for anything this library cannot decode.
    /// </summary>
    public static bool TryGetEncoding(string? headerValue, out string? encoding)
    {
        if (string.IsNullOrEmpty(headerValue) || string.Equals(headerValue, IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            encoding = null;
            return true;
        }

        if (string.Equals(headerValue, GzipEncoding, StringComparison.OrdinalIgnoreCase))
        {
            encoding = GzipEncoding;
            return true;
        }

        encoding = null;
        return false;
    }
}
