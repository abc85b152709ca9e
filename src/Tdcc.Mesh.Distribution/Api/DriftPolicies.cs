namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Values of a Subscription's <c>spec.driftPolicy</c>: what the agent does when a delivered object is changed by hand in the member.</summary>
public static class DriftPolicies
{
    /// <summary>Put the delivered fields back (server-side apply again); the default.</summary>
    public const string Correct = "Correct";

    /// <summary>Leave the object as it is and report it (the Delivery's and Subscription's <c>Drifted</c> condition).</summary>
    public const string Report = "Report";
}
