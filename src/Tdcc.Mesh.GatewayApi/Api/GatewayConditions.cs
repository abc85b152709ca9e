namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>Condition types and reasons of GatewayClass, Gateway and listener status (Gateway API v1).</summary>
public static class GatewayConditions
{
    /// <summary>GatewayClass, Gateway, listener: whether the controller took it.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Gateway, listener: whether it is configured on the data path.</summary>
    public const string Programmed = "Programmed";

    /// <summary>Listener: whether its references (certificates, route kinds) resolved.</summary>
    public const string ResolvedRefs = "ResolvedRefs";

    /// <summary>Listener: whether it conflicts with another listener on its port.</summary>
    public const string Conflicted = "Conflicted";

    /// <summary>Reasons.</summary>
    public static class Reasons
    {
        public const string Accepted = "Accepted";
        public const string Programmed = "Programmed";
        public const string ResolvedRefs = "ResolvedRefs";
        public const string NoConflicts = "NoConflicts";
        public const string Pending = "Pending";
        public const string Invalid = "Invalid";
        public const string InvalidParameters = "InvalidParameters";
        public const string UnsupportedAddress = "UnsupportedAddress";
        public const string ListenersNotValid = "ListenersNotValid";
        public const string PortUnavailable = "PortUnavailable";
        public const string UnsupportedProtocol = "UnsupportedProtocol";
        public const string HostnameConflict = "HostnameConflict";
        public const string ProtocolConflict = "ProtocolConflict";
        public const string InvalidCertificateRef = "InvalidCertificateRef";
        public const string InvalidRouteKinds = "InvalidRouteKinds";
        public const string RefNotPermitted = "RefNotPermitted";
    }
}
