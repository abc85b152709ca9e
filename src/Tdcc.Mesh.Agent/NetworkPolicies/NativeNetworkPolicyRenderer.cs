using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.NetworkPolicies;

namespace Tdcc.Mesh.Agent.NetworkPolicies;

/// <summary>
/// MultiClusterNetworkPolicies → the member's <c>networking.k8s.io/v1</c> NetworkPolicies, a pure function: for each
/// service this member exports whose resolved access defaults to Deny, a NetworkPolicy <c>tdcc-mcnp-&lt;service&gt;</c>
/// selecting the service's pods (its selector) that admits ingress from the member's gateway pods and from the local
/// namespaces the Allow rules name (sources that name no namespace admit every local namespace). Deny rules cannot be
/// expressed in a NetworkPolicy (it only allows) and are left to the gateway; a service whose access defaults to Allow
/// gets none (nothing to restrict). Services without a selector are skipped (no pods to select).
/// </summary>
internal static class NativeNetworkPolicyRenderer
{
    /// <summary>The label that marks a NetworkPolicy as ours (pruned when no longer desired).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Our value of <see cref="ManagedByLabel"/>.</summary>
    public const string ManagedByValue = "tdcc-mesh-agent";

    /// <summary>The label naming the service a NetworkPolicy was rendered for.</summary>
    public const string ServiceLabel = "networking.tdcc.io/service";

    /// <summary>The name of the NetworkPolicy of a service.</summary>
    public static string NameOf(string service) => "tdcc-mcnp-" + service;

    public static IReadOnlyList<NetworkPolicy> Render(
        NativeNetworkPolicyOptions options,
        IEnumerable<Policy.Api.MultiClusterNetworkPolicy> policies,
        IEnumerable<(Service Service, bool Exported)> services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exported = services
            .Where(s => s.Exported && s.Service.Metadata.Namespace is not null && s.Service.Metadata.Name is not null && s.Service.Spec?.Selector is { Count: > 0 })
            .Select(s => s.Service)
            .ToList();
        var models = exported.Select(s => new NetworkPolicyService(
            s.Metadata.Namespace!,
            s.Metadata.Name!,
            [.. (s.Spec!.Ports ?? []).Select(p => new ServicePortModel(p.Name, p.Port, p.Protocol ?? "TCP", p.AppProtocol))],
            [options.ClusterName])).ToList();
        var resolution = NetworkPolicyResolver.Resolve(policies, models);
        var result = new List<NetworkPolicy>();
        foreach (var service in exported.OrderBy(s => s.Metadata.Namespace, StringComparer.Ordinal).ThenBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            if (!resolution.Access.TryGetValue((service.Metadata.Namespace!, service.Metadata.Name!), out var access) || access.DefaultAction != AccessAction.Deny)
            {
                continue;
            }

            result.Add(Build(options, service, access));
        }

        return result;
    }

    private static NetworkPolicy Build(NativeNetworkPolicyOptions options, Service service, ServiceAccessModel access)
    {
        var peers = new List<Kube.Model.NetworkPolicyPeer>
        {
            new()
            {
                NamespaceSelector = Selector("kubernetes.io/metadata.name", options.GatewayNamespace),
                PodSelector = Selector(options.GatewayLabel.Key, options.GatewayLabel.Value),
            },
        };
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        var anyNamespace = false;
        foreach (var rule in access.Rules.Where(r => r.Action == AccessAction.Allow))
        {
            var sources = rule.From.Count == 0 ? [new AccessSourceModel()] : rule.From;
            foreach (var source in sources.Where(s => s.Clusters is not { Count: > 0 } clusters || clusters.Contains(options.ClusterName)))
            {
                if (source.Namespaces is { Count: > 0 } names)
                {
                    namespaces.UnionWith(names);
                }
                else if (source.Identities is { Count: > 0 } identities)
                {
                    namespaces.UnionWith(identities.Select(i => i.Split('/')[0]));
                }
                else
                {
                    anyNamespace = true;
                }
            }
        }

        if (anyNamespace)
        {
            peers.Add(new Kube.Model.NetworkPolicyPeer { NamespaceSelector = new LabelSelector() });
        }
        else
        {
            peers.AddRange(namespaces.Select(ns => new Kube.Model.NetworkPolicyPeer { NamespaceSelector = Selector("kubernetes.io/metadata.name", ns) }));
        }

        var name = service.Metadata.Name!;
        return new NetworkPolicy
        {
            Metadata = new ObjectMeta
            {
                Namespace = service.Metadata.Namespace,
                Name = NameOf(name),
                Labels = ImmutableDictionary<string, string>.Empty.Add(ManagedByLabel, ManagedByValue).Add(ServiceLabel, name),
            },
            Spec = new NetworkPolicySpec
            {
                PodSelector = new LabelSelector { MatchLabels = service.Spec!.Selector! },
                PolicyTypes = ["Ingress"],
                Ingress = [new NetworkPolicyIngressRule { From = [.. peers] }],
            },
        };
    }

    private static LabelSelector Selector(string key, string value) => new() { MatchLabels = ImmutableDictionary<string, string>.Empty.Add(key, value) };
}
