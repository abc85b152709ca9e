namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>How the echo image decides what to serve on a container port.</summary>
public static class EchoPorts
{
    /// <summary>
    /// UDP and SCTP ports are not served. Otherwise <c>appProtocol</c> decides when it is grpc, tcp, http or h2c;
    /// then the name: <c>grpc*</c> is gRPC, <c>tcp*</c> is TCP echo, anything else is HTTP.
    /// </summary>
    public static EchoPortKind Classify(ContainerPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (!string.Equals(port.Protocol, "TCP", StringComparison.OrdinalIgnoreCase))
        {
            return EchoPortKind.None;
        }

        switch (port.AppProtocol?.ToUpperInvariant())
        {
            case "GRPC":
                return EchoPortKind.Grpc;
            case "TCP":
                return EchoPortKind.Tcp;
            case "HTTP" or "HTTP2" or "KUBERNETES.IO/H2C":
                return EchoPortKind.Http;
        }

        var name = port.Name ?? string.Empty;
        if (name.StartsWith("grpc", StringComparison.OrdinalIgnoreCase))
        {
            return EchoPortKind.Grpc;
        }

        return name.StartsWith("tcp", StringComparison.OrdinalIgnoreCase) ? EchoPortKind.Tcp : EchoPortKind.Http;
    }
}
