using System.Collections.Immutable;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>
/// A subscription's decision and what it delivers: the scheduler's part of the status (placements without the
/// members' readiness, which the caller adds from the deliveries' status), and each placed cluster's manifests.
/// </summary>
public sealed record DistributionPlan(SubscriptionStatus Status, ImmutableArray<ClusterDelivery> Deliveries, SchedulingResult Decision);
