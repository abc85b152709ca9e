using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Dns.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>
/// The checks of <c>kubectl tdcc diagnose &lt;svc&gt; -n &lt;ns&gt;</c>, in the order a request travels: the Service,
/// its ServiceExport (Valid, Ready, Conflict), the hub's aggregated ServiceImport (with <c>--hub-context</c>), the
/// member's ServiceImport, the derived Service, the imported EndpointSlices (ready endpoints per cluster), and the
/// clusterset DNS name (with <c>--dns</c>).
/// </summary>
internal static class ServiceDiagnosis
{
    /// <summary>The clusterset DNS suffix (KEP-1645).</summary>
    public const string ClusterSetDomain = "svc.clusterset.local";

    private static readonly TimeSpan DnsTimeout = TimeSpan.FromSeconds(3);

    public static async Task<Diagnosis> RunAsync(KubeTarget member, KubeTarget? hub, string @namespace, string name, string? dns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var client = member.Client;
        var service = await client.Resource<Service>().GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        var export = await GetOptionalAsync(client.Resource<ServiceExport>(), @namespace, name, cancellationToken).ConfigureAwait(false);
        var import = await GetOptionalAsync(client.Resource<ServiceImport>(), @namespace, name, cancellationToken).ConfigureAwait(false);
        var key = $"{@namespace}/{name}";
        var importedFrom = import?.Status?.Clusters is { Length: > 0 } from ? string.Join(", ", from.Select(c => c.Cluster)) : null;

        var checks = new List<DiagnosisCheck>
        {
            CheckService(service, export, importedFrom, key, member.Context),
            CheckExport(export, importedFrom, key, member.Context),
        };
        if (hub is not null)
        {
            checks.Add(await CheckHubAsync(hub, @namespace, name, cancellationToken).ConfigureAwait(false));
        }

        checks.Add(CheckImport(import, key, member.Context));
        checks.Add(await CheckDerivedServiceAsync(client, import, @namespace, name, cancellationToken).ConfigureAwait(false));
        checks.Add(await CheckEndpointsAsync(client, import, @namespace, name, cancellationToken).ConfigureAwait(false));
        checks.Add(await CheckDnsAsync(dns, import, @namespace, name, cancellationToken).ConfigureAwait(false));
        return new Diagnosis(@namespace, name, member.Context, hub?.Context, checks);
    }

    private static DiagnosisCheck CheckService(Service? service, ServiceExport? export, string? importedFrom, string key, string context)
    {
        const string Check = "service";
        if (service is null)
        {
            return export is null && importedFrom is not null
                ? new(Check, CheckResult.Skip, $"no Service {key} in this cluster: it only imports the service (from {importedFrom})")
                : new(Check, CheckResult.Fail, $"no Service {key} in context {context}");
        }

        var spec = service.Spec;
        var ports = spec?.Ports is { } list ? string.Join(",", list.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Port}/{p.Protocol ?? "TCP"}"))) : "none";
        var address = spec?.ClusterIP is "None" ? "headless" : spec?.ClusterIP ?? "no cluster IP";
        return new(Check, CheckResult.Ok, $"{spec?.Type ?? "ClusterIP"} {address}, ports {ports}");
    }

    private static DiagnosisCheck CheckExport(ServiceExport? export, string? importedFrom, string key, string context)
    {
        const string Check = "export";
        if (export is null)
        {
            return importedFrom is not null
                ? new(Check, CheckResult.Skip, $"not exported from this cluster; exported by {importedFrom}")
                : new(Check, CheckResult.Fail, $"no ServiceExport {key} in context {context}: the service is not exported (create a ServiceExport named like the Service in its namespace)");
        }

        var conditions = export.Status?.Conditions;
        var problems = new List<(CheckResult Result, string Text)>();
        foreach (var type in new[] { McsConditions.Valid, McsConditions.Ready })
        {
            if (ConditionSet.Find(conditions, type) is not { } condition)
            {
                problems.Add((CheckResult.Fail, $"no {type} condition yet (the TDCC agent has not processed the export)"));
            }
            else if (condition.Status != ConditionSet.True)
            {
                problems.Add((CheckResult.Fail, Conditions.Describe(condition)));
            }
        }

        foreach (var type in new[] { McsConditions.Conflict, McsConditions.NamespaceMissing })
        {
            if (ConditionSet.Find(conditions, type) is { Status: ConditionSet.True } condition)
            {
                problems.Add((CheckResult.Warn, Conditions.Describe(condition)));
            }
        }

        if (problems.Count == 0)
        {
            return new(Check, CheckResult.Ok, "Valid, Ready, no conflict");
        }

        var worst = problems.Any(p => p.Result == CheckResult.Fail) ? CheckResult.Fail : CheckResult.Warn;
        return new(Check, worst, string.Join("; ", problems.OrderByDescending(p => p.Result == CheckResult.Fail).Select(p => p.Text)));
    }

    private static async Task<DiagnosisCheck> CheckHubAsync(KubeTarget hub, string @namespace, string name, CancellationToken cancellationToken)
    {
        const string Check = "hub";
        var hubName = McsNames.HubObject(@namespace, name);
        var aggregated = await GetOptionalAsync(hub.Client.Resource<ServiceImport>(), McsNames.DefaultImportsNamespace, hubName, cancellationToken).ConfigureAwait(false);
        if (aggregated is null)
        {
            return new(Check, CheckResult.Fail, $"no ServiceImport {McsNames.DefaultImportsNamespace}/{hubName} on hub {hub.Context}: no cluster's export of the service reached the hub");
        }

        var exporters = aggregated.Status?.Clusters?.Select(c => c.Cluster).ToList() ?? [];
        if (exporters.Count == 0)
        {
            return new(Check, CheckResult.Fail, $"the hub's ServiceImport {McsNames.DefaultImportsNamespace}/{hubName} lists no exporting cluster");
        }

        IReadOnlyList<ManagedCluster> clusters;
        try
        {
            clusters = (await hub.Client.Resource<ManagedCluster>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return new(Check, CheckResult.Warn, $"exported by {string.Join(", ", exporters)}; context {hub.Context} has no ManagedClusters (is it the hub?)");
        }

        var states = exporters.Select(id =>
        {
            var cluster = clusters.FirstOrDefault(c => c.Spec?.ClusterId == id || c.Metadata.Name == id);
            return (Id: id, Status: cluster is null ? "unknown" : ClusterSummary.StatusOf(cluster));
        }).ToList();
        var detail = "exported by " + string.Join(", ", states.Select(s => $"{s.Id} ({s.Status})"));
        return new(Check, states.All(s => s.Status == "Ready") ? CheckResult.Ok : CheckResult.Warn, detail);
    }

    private static DiagnosisCheck CheckImport(ServiceImport? import, string key, string context)
    {
        const string Check = "import";
        if (import is null)
        {
            return new(Check, CheckResult.Fail, $"no ServiceImport {key} in context {context}: no cluster exports the service, or the agent has not imported it");
        }

        var summary = new ImportSummary(import);
        if (summary.Clusters.Count == 0)
        {
            return new(Check, CheckResult.Fail, $"ServiceImport {key} lists no exporting cluster");
        }

        if (summary.Type == ServiceImportTypes.ClusterSetIP && summary.Ips.Count == 0)
        {
            return new(Check, CheckResult.Fail, $"ServiceImport {key} has no clusterset IP yet");
        }

        var ips = summary.Ips.Count == 0 ? string.Empty : " " + string.Join(",", summary.Ips);
        return new(Check, CheckResult.Ok, $"{summary.Type}{ips}, ports {string.Join(",", summary.Ports)}, from {string.Join(", ", summary.Clusters)}");
    }

    private static async Task<DiagnosisCheck> CheckDerivedServiceAsync(IKubeClient client, ServiceImport? import, string @namespace, string name, CancellationToken cancellationToken)
    {
        const string Check = "derived-service";
        if (import is null)
        {
            return new(Check, CheckResult.Skip, "no ServiceImport");
        }

        var derivedName = import.Metadata.Annotations?.GetValueOrDefault(McsLabels.DerivedServiceAnnotation) ?? McsNames.DerivedService(@namespace, name);
        var derived = await client.Resource<Service>().GetAsync(@namespace, derivedName, cancellationToken).ConfigureAwait(false);
        if (derived is null)
        {
            return new(Check, CheckResult.Fail, $"no derived Service {@namespace}/{derivedName}: the agent has not created it");
        }

        var ip = derived.Spec?.ClusterIP;
        var expected = import.Spec?.Ips is { Length: > 0 } ips ? ips[0] : null;
        if (import.Spec?.Type == ServiceImportTypes.ClusterSetIP && expected is not null && ip != expected)
        {
            return new(Check, CheckResult.Fail, $"derived Service {derivedName} has cluster IP {ip ?? "none"}, the ServiceImport says {expected}");
        }

        return new(Check, CheckResult.Ok, $"{derivedName} {(ip is "None" ? "headless" : ip ?? "no cluster IP")}");
    }

    private static async Task<DiagnosisCheck> CheckEndpointsAsync(IKubeClient client, ServiceImport? import, string @namespace, string name, CancellationToken cancellationToken)
    {
        const string Check = "endpoints";
        if (import is null)
        {
            return new(Check, CheckResult.Skip, "no ServiceImport");
        }

        var slices = await client.Resource<EndpointSlice>().ListAllAsync(new ListOptions { Namespace = @namespace, LabelSelector = $"{McsLabels.ServiceName}={name}" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var perCluster = new SortedDictionary<string, (int Ready, int Total)>(StringComparer.Ordinal);
        foreach (var cluster in import.Status?.Clusters ?? [])
        {
            perCluster[cluster.Cluster] = (0, 0);
        }

        foreach (var slice in slices.Items.Where(s => s.Metadata.DeletionTimestamp is null))
        {
            var source = slice.Metadata.Labels?.GetValueOrDefault(McsLabels.SourceCluster) ?? "unknown";
            var (ready, total) = perCluster.GetValueOrDefault(source);
            foreach (var endpoint in slice.Endpoints)
            {
                var count = endpoint.Addresses.Length;
                total += count;
                ready += endpoint.Conditions?.Ready is false ? 0 : count;
            }

            perCluster[source] = (ready, total);
        }

        var detail = perCluster.Count == 0
            ? "no imported EndpointSlices"
            : string.Join(", ", perCluster.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: {p.Value.Ready}/{p.Value.Total} ready")));
        if (perCluster.Values.Sum(v => v.Ready) == 0)
        {
            return new(Check, CheckResult.Fail, $"no ready endpoints ({detail})");
        }

        return new(Check, perCluster.Values.Any(v => v.Ready == 0) ? CheckResult.Warn : CheckResult.Ok, detail);
    }

    private static async Task<DiagnosisCheck> CheckDnsAsync(string? server, ServiceImport? import, string @namespace, string name, CancellationToken cancellationToken)
    {
        const string Check = "dns";
        var fqdn = $"{name}.{@namespace}.{ClusterSetDomain}";
        if (server is null)
        {
            return new(Check, CheckResult.Skip, $"{fqdn} not queried: pass --dns host:port (the member's clusterset DNS server)");
        }

        var endpoint = await ResolveAsync(server, cancellationToken).ConfigureAwait(false);
        if (endpoint is null)
        {
            return new(Check, CheckResult.Fail, $"--dns '{server}' is not host:port");
        }

        var expected = import?.Spec?.Ips?.ToList() ?? [];
        var type = expected.Count > 0 && IPAddress.TryParse(expected[0], out var first) && first.AddressFamily == AddressFamily.InterNetworkV6 ? DnsLookupType.Aaaa : DnsLookupType.A;
        DnsLookupResult answer;
        try
        {
            answer = await DnsLookupClient.QueryAsync(endpoint, fqdn, type, DnsTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or SocketException or InvalidDataException)
        {
            return new(Check, CheckResult.Fail, $"{fqdn} at {endpoint}: {e.Message}");
        }

        var addresses = answer.Answers.Where(a => a.Type is "A" or "AAAA").Select(a => a.Data).ToList();
        if (!answer.IsSuccess || addresses.Count == 0)
        {
            return new(Check, CheckResult.Fail, $"{fqdn} at {endpoint}: {answer.ResponseCode}{(answer.IsSuccess ? ", no addresses" : string.Empty)}");
        }

        var shown = $"{fqdn} → {string.Join(",", addresses)}";
        if (import?.Spec?.Type == ServiceImportTypes.ClusterSetIP && expected.Count > 0 && !expected.Any(addresses.Contains))
        {
            return new(Check, CheckResult.Fail, $"{shown}, but the ServiceImport's IP is {string.Join(",", expected)}");
        }

        return new(Check, CheckResult.Ok, shown);
    }

    private static async Task<IPEndPoint?> ResolveAsync(string server, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(server, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        var colon = server.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            return null;
        }

        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(server[..colon], cancellationToken).ConfigureAwait(false);
            return addresses.Length == 0 ? null : new IPEndPoint(addresses[0], port);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Gets an object of a kind the cluster may not serve: null when either is missing.</summary>
    private static async Task<T?> GetOptionalAsync<T>(IResourceClient<T> resource, string @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubeObject
    {
        try
        {
            return await resource.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
