namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Labels, annotations and finalizers of distribution: on Deliveries (hub) and on delivered objects (members).</summary>
public static class DistributionLabels
{
    /// <summary>On a Delivery: the Subscription's namespace.</summary>
    public const string SubscriptionNamespace = "apps.tdcc.io/subscription-namespace";

    /// <summary>On a Delivery: the Subscription's name.</summary>
    public const string SubscriptionName = "apps.tdcc.io/subscription-name";

    /// <summary>
    /// On an object the agent delivered in a member: the Delivery's name (or <c>h-</c> and a hash of it when it is too
    /// long for a label). Only objects carrying it are ever updated or deleted by the agent.
    /// </summary>
    public const string Delivery = "apps.tdcc.io/delivery";

    /// <summary>On an object the agent delivered: the Delivery's full name.</summary>
    public const string DeliveryAnnotation = "apps.tdcc.io/delivery";

    /// <summary>On a Subscription: the hub removes its Deliveries (and so the delivered objects) before it goes.</summary>
    public const string SubscriptionFinalizer = "apps.tdcc.io/deliveries";

    /// <summary>On a Delivery: the agent removes the delivered objects from the member before it goes.</summary>
    public const string DeliveryFinalizer = "apps.tdcc.io/delivered-objects";

    /// <summary>
    /// On a feed on the hub: the replicas to distribute, in place of <c>spec.replicas</c>. A template kept with
    /// <c>spec.replicas: 0</c> and this annotation starts no pods on the hub, whatever controllers run there; the members
    /// get the count (divided or not) and not the annotation.
    /// </summary>
    public const string ReplicasAnnotation = "apps.tdcc.io/replicas";

    /// <summary>The field manager the agent applies delivered objects under.</summary>
    public const string FieldManager = "tdcc-distribution";

    /// <summary>The label value naming <paramref name="deliveryName"/> (a label value has at most 63 characters).</summary>
    public static string DeliveryLabelValue(string deliveryName)
    {
        ArgumentNullException.ThrowIfNull(deliveryName);
        if (deliveryName.Length <= 63)
        {
            return deliveryName;
        }

        var hash = 14695981039346656037UL;
        foreach (var c in deliveryName)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return "h-" + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The Delivery name of a subscription: <c>namespace.name</c> (one per subscription in each cluster namespace).</summary>
    public static string DeliveryName(string subscriptionNamespace, string subscriptionName) => subscriptionNamespace + "." + subscriptionName;
}
