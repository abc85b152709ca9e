namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Values of <c>Subscription.spec.divisionType</c>.</summary>
public static class DivisionTypes
{
    /// <summary>In proportion to the weights of the subscribers matching each cluster. The default.</summary>
    public const string Static = "Static";

    /// <summary>In proportion to each cluster's available capacity for the feed's pod template, never above it.</summary>
    public const string Dynamic = "Dynamic";
}
