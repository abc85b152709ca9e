namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Condition types and reasons of a Delivery (and the Subscription's delivery condition).</summary>
public static class DeliveryConditions
{
    /// <summary>True when every manifest of the delivery's current generation is applied in the member.</summary>
    public const string Applied = "Applied";

    /// <summary>Reason: every manifest applied.</summary>
    public const string AllApplied = "AllApplied";

    /// <summary>Reason: some manifests failed (the message names them).</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>A Helm chart feed could not be rendered for some cluster (helm's message says why); retried with backoff.</summary>
    public const string RenderFailed = "RenderFailed";

    /// <summary>Reason (Subscription): some clusters have not applied the current manifests yet.</summary>
    public const string Pending = "Pending";

    /// <summary>True when objects in the member differ from the delivered manifests and are left so (drift policy Report); the message names them.</summary>
    public const string Drifted = "Drifted";

    /// <summary>Reason: some objects drifted (Report mode).</summary>
    public const string DriftReported = "DriftReported";

    /// <summary>Reason: every object matches its manifest.</summary>
    public const string NoDrift = "NoDrift";
}
