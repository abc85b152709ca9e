using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>
/// The names one resource refers to: a listener's RDS names (HttpConnectionManagers with <c>rds</c>, in filter
/// chains, the default chain and the API listener) and SDS names (its TLS contexts); a cluster's EDS name (an EDS
/// cluster's <c>service_name</c>, or its own name) and SDS names. A typed config that does not decode throws
/// <see cref="Google.Protobuf.InvalidProtocolBufferException"/>: the resource is unusable.
/// </summary>
internal static class XdsReferences
{
    public static IEnumerable<string> RoutesOf(Listener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (listener.ApiListener?.ApiListener_ is { } api && api.TryUnpack<HttpConnectionManager>(out var apiHcm) && RouteOf(apiHcm) is { } apiRoute)
        {
            yield return apiRoute;
        }

        foreach (var chain in ChainsOf(listener))
        {
            foreach (var filter in chain.Filters)
            {
                if (filter.TypedConfig is { } config && config.TryUnpack<HttpConnectionManager>(out var hcm) && RouteOf(hcm) is { } route)
                {
                    yield return route;
                }
            }
        }
    }

    public static IEnumerable<string> SecretsOf(Listener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        foreach (var chain in ChainsOf(listener))
        {
            if (chain.TransportSocket?.TypedConfig is { } config && config.TryUnpack<DownstreamTlsContext>(out var tls) && tls.CommonTlsContext is { } common)
            {
                foreach (var name in SecretsOf(common))
                {
                    yield return name;
                }
            }
        }
    }

    public static string? EndpointsOf(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.ClusterDiscoveryTypeCase != Cluster.ClusterDiscoveryTypeOneofCase.Type || cluster.Type != Cluster.Types.DiscoveryType.Eds)
        {
            return null;
        }

        var serviceName = cluster.EdsClusterConfig?.ServiceName;
        return string.IsNullOrEmpty(serviceName) ? cluster.Name : serviceName;
    }

    public static IEnumerable<string> SecretsOf(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.TransportSocket?.TypedConfig is { } config && config.TryUnpack<UpstreamTlsContext>(out var tls) && tls.CommonTlsContext is { } common)
        {
            return SecretsOf(common);
        }

        return [];
    }

    private static IEnumerable<FilterChain> ChainsOf(Listener listener) =>
        listener.DefaultFilterChain is { } fallback ? listener.FilterChains.Append(fallback) : listener.FilterChains;

    private static IEnumerable<string> SecretsOf(CommonTlsContext common)
    {
        foreach (var config in common.TlsCertificateSdsSecretConfigs)
        {
            if (IsAds(config))
            {
                yield return config.Name;
            }
        }

        if (common.ValidationContextSdsSecretConfig is { } validation && IsAds(validation))
        {
            yield return validation.Name;
        }

        if (common.CombinedValidationContext?.ValidationContextSdsSecretConfig is { } combined && IsAds(combined))
        {
            yield return combined.Name;
        }
    }

    /// <summary>Only secrets fetched over this ADS stream count (an SDS config of another source is not ours to fetch).</summary>
    private static bool IsAds(SdsSecretConfig config) =>
        !string.IsNullOrEmpty(config.Name)
        && (config.SdsConfig is null
            || config.SdsConfig.ConfigSourceSpecifierCase is ConfigSource.ConfigSourceSpecifierOneofCase.Ads or ConfigSource.ConfigSourceSpecifierOneofCase.Self);

    private static string? RouteOf(HttpConnectionManager hcm) =>
        hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds && !string.IsNullOrEmpty(hcm.Rds.RouteConfigName)
            ? hcm.Rds.RouteConfigName
            : null;
}
