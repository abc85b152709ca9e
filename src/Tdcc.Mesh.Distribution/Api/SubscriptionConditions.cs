namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Condition types and reasons of a Subscription's status.</summary>
public static class SubscriptionConditions
{
    /// <summary>True when every feed is placed as the strategy asks; False with <see cref="Unschedulable"/> otherwise.</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>Reason: the placement satisfies the subscription.</summary>
    public const string Placed = "Placed";

    /// <summary>Reason: too few clusters pass the filters, or too little capacity for the replicas.</summary>
    public const string Unschedulable = "Unschedulable";

    /// <summary>Reason: a failed cluster's replicas were moved; its old copy is kept until the new one is ready.</summary>
    public const string Rescheduling = "Rescheduling";
}
