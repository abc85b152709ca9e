namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Values of <c>Subscription.spec.schedulingStrategy</c>.</summary>
public static class SchedulingStrategies
{
    /// <summary>Every chosen cluster gets the feeds as they are (replicas unchanged). The default.</summary>
    public const string Replicate = "Replicate";

    /// <summary>The feeds' replicas are divided among the chosen clusters (see <see cref="DivisionTypes"/>).</summary>
    public const string Divide = "Divide";
}
