namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>Condition types and reasons of a route's parent status (Gateway API <c>RouteConditionType</c>/<c>RouteConditionReason</c>).</summary>
public static class RouteConditions
{
    /// <summary>Whether the parent took the route.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Whether every reference of the route (its backends) resolved.</summary>
    public const string ResolvedRefs = "ResolvedRefs";

    /// <summary>Reasons a user sees.</summary>
    public static class Reasons
    {
        /// <summary>Accepted=True.</summary>
        public const string Accepted = "Accepted";

        /// <summary>Accepted=False: the parent (or its port or section) is not a clusterset service.</summary>
        public const string NoMatchingParent = "NoMatchingParent";

        /// <summary>Accepted=False: the route uses a field or value the mesh does not support (the message names it).</summary>
        public const string UnsupportedValue = "UnsupportedValue";

        /// <summary>Accepted=False: the parent port already carries routes of the other kind (GRPCRoutes and HTTPRoutes do not merge).</summary>
        public const string NotAllowedByListeners = "NotAllowedByListeners";

        /// <summary>Accepted=False: no listener of the parent Gateway has a hostname the route's hostnames intersect.</summary>
        public const string NoMatchingListenerHostname = "NoMatchingListenerHostname";

        /// <summary>ResolvedRefs=True.</summary>
        public const string ResolvedRefs = "ResolvedRefs";

        /// <summary>ResolvedRefs=False: a backend is in another namespace and no ReferenceGrant permits it.</summary>
        public const string RefNotPermitted = "RefNotPermitted";

        /// <summary>ResolvedRefs=False: a backend is of a kind the mesh cannot send to.</summary>
        public const string InvalidKind = "InvalidKind";

        /// <summary>ResolvedRefs=False: a backend (or its port) is not a clusterset service.</summary>
        public const string BackendNotFound = "BackendNotFound";
    }
}
