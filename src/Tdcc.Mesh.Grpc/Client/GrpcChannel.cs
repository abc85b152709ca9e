namespace Tdcc.Mesh.Grpc.Client;

/// <summary>Creates channels.</summary>
public static class GrpcChannel
{
    /// <summary>A channel to <paramref name="address"/> (<c>http://host:port</c> for h2c, <c>https://host:port</c> for TLS).</summary>
    public static IGrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A gRPC address is an absolute http:// or https:// URI, not '{address}'.", nameof(address));
        }

        return new HttpGrpcChannel(address, options ?? new GrpcChannelOptions());
    }
}
