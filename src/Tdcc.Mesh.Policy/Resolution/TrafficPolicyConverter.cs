using System.Collections.Immutable;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Policy.Resolution;

/// <summary>
/// A TrafficPolicy's spec → the translation's <see cref="TrafficPolicyModel"/>, or the first field that cannot be used
/// (named as a kubectl user would write it, for example <c>spec.retries.perTryTimeout</c>).
/// </summary>
internal static class TrafficPolicyConverter
{
    private const string DefaultRetryOn = "unavailable,cancelled,resource-exhausted";

    private static readonly ImmutableHashSet<string> RetryConditions = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "cancelled",
        "deadline-exceeded",
        "internal",
        "resource-exhausted",
        "unavailable",
        "5xx",
        "gateway-error",
        "reset",
        "connect-failure",
        "retriable-4xx",
        "refused-stream");

    public static (TrafficPolicyModel? Model, string? Problem) Convert(TrafficPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        var model = new TrafficPolicyModel(
            Retries: Retries(spec.Retries, problems),
            Timeout: Duration(spec.Timeout, "spec.timeout", problems),
            OutlierDetection: OutlierDetection(spec.OutlierDetection, problems),
            CircuitBreaker: CircuitBreaker(spec.CircuitBreaker, problems),
            ClusterWeights: Weights(spec.ClusterWeights, problems),
            LocalityFailover: spec.LocalityFailover ?? true,
            LoadBalancer: LoadBalancer(spec.LoadBalancer, problems));
        return problems.Count == 0 ? (model, null) : (null, string.Join("; ", problems));
    }

    private static RetryPolicyModel? Retries(RetrySpec? retries, List<string> problems)
    {
        if (retries is null)
        {
            return null;
        }

        var attempts = retries.Attempts ?? 1;
        if (attempts < 0)
        {
            problems.Add($"spec.retries.attempts: {attempts} is negative");
        }

        var on = retries.RetryOn is { IsDefaultOrEmpty: false } list ? list : [];
        foreach (var condition in on.Where(c => !RetryConditions.Contains(c)))
        {
            problems.Add($"spec.retries.retryOn: '{condition}' is not one of {string.Join(", ", RetryConditions.Order(StringComparer.Ordinal))}");
        }

        return new RetryPolicyModel(
            (uint)Math.Max(attempts, 0),
            on.IsEmpty ? DefaultRetryOn : string.Join(',', on),
            Duration(retries.PerTryTimeout, "spec.retries.perTryTimeout", problems),
            Duration(retries.Backoff?.BaseInterval, "spec.retries.backoff.baseInterval", problems),
            Duration(retries.Backoff?.MaxInterval, "spec.retries.backoff.maxInterval", problems));
    }

    private static OutlierDetectionModel? OutlierDetection(OutlierDetectionSpec? outlier, List<string> problems)
    {
        if (outlier is null)
        {
            return null;
        }

        var consecutive = outlier.Consecutive5xx ?? 5;
        var percent = outlier.MaxEjectionPercent ?? 10;
        if (consecutive < 1)
        {
            problems.Add($"spec.outlierDetection.consecutive5xx: {consecutive} is below 1");
        }

        if (percent is < 0 or > 100)
        {
            problems.Add($"spec.outlierDetection.maxEjectionPercent: {percent} is not between 0 and 100");
        }

        return new OutlierDetectionModel(
            (uint)Math.Max(consecutive, 1),
            Duration(outlier.Interval, "spec.outlierDetection.interval", problems),
            Duration(outlier.BaseEjectionTime, "spec.outlierDetection.baseEjectionTime", problems),
            (uint)Math.Clamp(percent, 0, 100));
    }

    private static CircuitBreakerModel? CircuitBreaker(CircuitBreakerSpec? breaker, List<string> problems) => breaker is null
        ? null
        : new CircuitBreakerModel(
            Limit(breaker.MaxConnections, "spec.circuitBreaker.maxConnections", problems),
            Limit(breaker.MaxPendingRequests, "spec.circuitBreaker.maxPendingRequests", problems),
            Limit(breaker.MaxRequests, "spec.circuitBreaker.maxRequests", problems),
            Limit(breaker.MaxRetries, "spec.circuitBreaker.maxRetries", problems));

    private static uint? Limit(int? value, string field, List<string> problems)
    {
        if (value is < 0)
        {
            problems.Add($"{field}: {value} is negative");
            return null;
        }

        return (uint?)value;
    }

    private static Dictionary<string, uint>? Weights(ImmutableDictionary<string, int>? weights, List<string> problems)
    {
        if (weights is null)
        {
            return null;
        }

        foreach (var (cluster, weight) in weights.Where(w => w.Value is < 1 or > 128).OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            problems.Add($"spec.clusterWeights.{cluster}: {weight} is not between 1 and 128");
        }

        return weights.Where(w => w.Value is >= 1 and <= 128).ToDictionary(w => w.Key, w => (uint)w.Value, StringComparer.Ordinal);
    }

    private static LoadBalancerKind LoadBalancer(string? value, List<string> problems)
    {
        switch (value)
        {
            case null or "RoundRobin":
                return LoadBalancerKind.RoundRobin;
            case "RingHash":
                return LoadBalancerKind.RingHash;
            default:
                problems.Add($"spec.loadBalancer: '{value}' is not RoundRobin or RingHash");
                return LoadBalancerKind.RoundRobin;
        }
    }

    private static TimeSpan? Duration(string? value, string field, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (GatewayDuration.Parse(value) is { } duration)
        {
            return duration;
        }

        problems.Add($"{field}: '{value}' is not a duration such as 500ms, 2s or 1m30s (units h, m, s, ms)");
        return null;
    }
}
