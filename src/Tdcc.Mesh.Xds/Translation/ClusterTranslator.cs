using Envoy.Config.Cluster.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A service port → an EDS cluster fed over ADS (the only kind of config source gRPC clients accept), with the LB
/// policy, locality-weighted balancing, outlier detection and circuit breakers of the service's policy.
/// </summary>
internal static class ClusterTranslator
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static Cluster Build(string name, TrafficPolicyModel? policy)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = XdsConfigSources.Ads(), ServiceName = name },
            ConnectTimeout = Duration.FromTimeSpan(ConnectTimeout),
            LbPolicy = Cluster.Types.LbPolicy.RoundRobin,
            CommonLbConfig = new Cluster.Types.CommonLbConfig { LocalityWeightedLbConfig = new Cluster.Types.CommonLbConfig.Types.LocalityWeightedLbConfig() },
        };

        if (policy?.LoadBalancer == LoadBalancerKind.RingHash)
        {
            cluster.LbPolicy = Cluster.Types.LbPolicy.RingHash;
            cluster.RingHashLbConfig = new Cluster.Types.RingHashLbConfig { HashFunction = Cluster.Types.RingHashLbConfig.Types.HashFunction.XxHash };
        }

        if (policy?.OutlierDetection is { } outlier)
        {
            cluster.OutlierDetection = new OutlierDetection
            {
                Consecutive5Xx = outlier.Consecutive5xx,
                Interval = Duration.FromTimeSpan(outlier.Interval ?? TimeSpan.FromSeconds(10)),
                BaseEjectionTime = Duration.FromTimeSpan(outlier.BaseEjectionTime ?? TimeSpan.FromSeconds(30)),
                MaxEjectionPercent = Math.Min(outlier.MaxEjectionPercent, 100u),
            };
        }

        if (policy?.CircuitBreaker is { } breaker)
        {
            var thresholds = new CircuitBreakers.Types.Thresholds { Priority = Envoy.Config.Core.V3.RoutingPriority.Default };
            thresholds.MaxConnections = breaker.MaxConnections;
            thresholds.MaxPendingRequests = breaker.MaxPendingRequests;
            thresholds.MaxRequests = breaker.MaxRequests;
            thresholds.MaxRetries = breaker.MaxRetries;
            cluster.CircuitBreakers = new CircuitBreakers { Thresholds = { thresholds } };
        }

        return cluster;
    }
}
