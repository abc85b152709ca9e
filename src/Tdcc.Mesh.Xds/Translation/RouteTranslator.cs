using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A service port → a RouteConfiguration with one virtual host for the name (with and without the port). A port
/// without routing rules gets one route for every path to its own cluster, with the service's retries and timeout; a
/// port with rules gets their routes only (<see cref="RouteRuleTranslator"/>).
/// </summary>
internal static class RouteTranslator
{
    public static RouteConfiguration Build(string name, string host, TrafficPolicyModel? policy, PortRoutesModel? rules, RouteRuleTranslator ruleTranslator)
    {
        ArgumentNullException.ThrowIfNull(ruleTranslator);
        var virtualHost = new VirtualHost { Name = name, Domains = { name, host } };
        if (rules is null)
        {
            virtualHost.Routes.Add(new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = Action(name, policy) });
        }
        else
        {
            virtualHost.Routes.AddRange(ruleTranslator.Routes(rules, policy));
        }

        return new RouteConfiguration { Name = name, VirtualHosts = { virtualHost } };
    }

    /// <summary>Route to <paramref name="cluster"/> with the policy's timeout (and max stream duration) and retries.</summary>
    public static RouteAction Action(string cluster, TrafficPolicyModel? policy)
    {
        var action = new RouteAction { Cluster = cluster };
        if (policy?.Timeout is { } timeout)
        {
            action.Timeout = Duration.FromTimeSpan(timeout);
            action.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { MaxStreamDuration_ = Duration.FromTimeSpan(timeout) };
        }

        if (policy?.Retries is { NumRetries: > 0 } retries)
        {
            var retry = new RetryPolicy { RetryOn = retries.RetryOn, NumRetries = retries.NumRetries };
            if (retries.PerTryTimeout is { } perTry)
            {
                retry.PerTryTimeout = Duration.FromTimeSpan(perTry);
            }

            if (retries.BaseInterval is { } baseInterval)
            {
                retry.RetryBackOff = new RetryPolicy.Types.RetryBackOff { BaseInterval = Duration.FromTimeSpan(baseInterval) };
                if (retries.MaxInterval is { } maxInterval)
                {
                    retry.RetryBackOff.MaxInterval = Duration.FromTimeSpan(maxInterval);
                }
            }

            action.RetryPolicy = retry;
        }

        return action;
    }
}
