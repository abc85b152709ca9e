namespace Tdcc.Mesh.Xds.Server;

/// <summary>What applying one delta request did to a type's state.</summary>
/// <param name="First">It was the stream's first request of the type.</param>
/// <param name="SubscriptionChanged">The subscription changed (or was set up): the status view needs the new names.</param>
/// <param name="Respond">The request needs an answer (first request, names subscribed, wildcard added, removals to report).</param>
internal readonly record struct DeltaRequestOutcome(bool First, bool SubscriptionChanged, bool Respond);
