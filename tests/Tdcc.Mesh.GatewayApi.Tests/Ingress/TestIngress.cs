using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Ingress;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Tests.Ingress;

/// <summary>
/// A cluster written as YAML documents (as users write them), after the fashion of the upstream conformance base
/// manifests: namespaces <c>infra</c> (Gateways and backends), <c>app-backend</c> and <c>web-backend</c>.
/// </summary>
internal static class TestIngress
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// GatewayClass <c>tdcc</c>; Gateways <c>infra/same-namespace</c> (HTTP 80, routes of infra) and
    /// <c>infra/all-namespaces</c> (HTTP 8080, routes of every namespace); Services <c>infra-backend-v1..v2</c>,
    /// <c>app-backend/app-backend-v1</c>, <c>web-backend/web-backend</c> (port 8080 → 3000, one ready endpoint each);
    /// ServiceImport <c>infra/echo</c> (port 8080).
    /// </summary>
    public const string Base = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: tdcc, generation: 1}
        spec: {controllerName: tdcc.io/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: same-namespace, namespace: infra}
        spec:
          gatewayClassName: tdcc
          listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: all-namespaces, namespace: infra}
        spec:
          gatewayClassName: tdcc
          listeners: [{name: http, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
        ---
        kind: Service
        metadata: {name: infra-backend-v1, namespace: infra}
        spec: {ports: [{name: http, port: 8080, targetPort: 3000}]}
        ---
        kind: EndpointSlice
        metadata: {name: infra-backend-v1-abc, namespace: infra, labels: {kubernetes.io/service-name: infra-backend-v1}}
        addressType: IPv4
        endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}, {addresses: [10.0.0.9], conditions: {ready: false}}]
        ports: [{name: http, port: 3000}]
        ---
        kind: Service
        metadata: {name: infra-backend-v2, namespace: infra}
        spec: {ports: [{name: http, port: 8080, targetPort: 3000}]}
        ---
        kind: EndpointSlice
        metadata: {name: infra-backend-v2-abc, namespace: infra, labels: {kubernetes.io/service-name: infra-backend-v2}}
        addressType: IPv4
        endpoints: [{addresses: [10.0.0.2]}]
        ports: [{name: http, port: 3000}]
        ---
        kind: Service
        metadata: {name: app-backend-v1, namespace: app-backend}
        spec: {ports: [{name: http, port: 8080, targetPort: 3000}]}
        ---
        kind: EndpointSlice
        metadata: {name: app-backend-v1-abc, namespace: app-backend, labels: {kubernetes.io/service-name: app-backend-v1}}
        addressType: IPv4
        endpoints: [{addresses: [10.0.1.1]}]
        ports: [{name: http, port: 3000}]
        ---
        kind: Service
        metadata: {name: web-backend, namespace: web-backend}
        spec: {ports: [{name: http, port: 8080, targetPort: 3000}]}
        ---
        kind: EndpointSlice
        metadata: {name: web-backend-abc, namespace: web-backend, labels: {kubernetes.io/service-name: web-backend}}
        addressType: IPv4
        endpoints: [{addresses: [10.0.2.1]}]
        ports: [{name: http, port: 3000}]
        ---
        kind: ServiceImport
        metadata: {name: echo, namespace: infra}
        spec: {type: ClusterSetIP, ips: [241.0.0.1], ports: [{name: http, port: 8080, protocol: TCP}]}
        """;

    public static readonly IngressControllerOptions Options = new() { Addresses = ["192.0.2.10"] };

    /// <summary>The objects of every YAML document; each gets a creation time one second after the previous, generation 1 and namespace infra unless given.</summary>
    public static IngressInputs Inputs(params string[] yamls)
    {
        var inputs = new IngressInputs();
        var index = 0;
        foreach (var document in yamls.SelectMany(y => y.Split("\n---\n")).Where(d => !string.IsNullOrWhiteSpace(d)))
        {
            var node = YamlToJson.ConvertObject(document);
            var metadata = node["metadata"]!.AsObject();
            metadata["creationTimestamp"] ??= Epoch.AddSeconds(index++).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            metadata["generation"] ??= 1;
            var kind = (string)node["kind"]!;
            if (kind is not ("GatewayClass" or "Namespace"))
            {
                metadata["namespace"] ??= "infra";
            }

            inputs = kind switch
            {
                "GatewayClass" => inputs with { GatewayClasses = [.. inputs.GatewayClasses, Parse<GatewayClass>(node)] },
                "Gateway" => inputs with { Gateways = [.. inputs.Gateways, Parse<Gateway>(node)] },
                "HTTPRoute" => inputs with { HttpRoutes = [.. inputs.HttpRoutes, Parse<HttpRoute>(node)] },
                "GRPCRoute" => inputs with { GrpcRoutes = [.. inputs.GrpcRoutes, Parse<GrpcRoute>(node)] },
                "ReferenceGrant" => inputs with { ReferenceGrants = [.. inputs.ReferenceGrants, Parse<ReferenceGrant>(node)] },
                "Service" => inputs with { Services = [.. inputs.Services, Parse<Service>(node)] },
                "EndpointSlice" => inputs with { EndpointSlices = [.. inputs.EndpointSlices, Parse<EndpointSlice>(node)] },
                "ServiceImport" => inputs with { ServiceImports = [.. inputs.ServiceImports, Parse<ServiceImport>(node)] },
                "Secret" => inputs with { Secrets = [.. inputs.Secrets, Parse<Secret>(node)] },
                "Namespace" => inputs with { Namespaces = [.. inputs.Namespaces, Parse<Namespace>(node)] },
                _ => throw new ArgumentException($"kind {kind} is not one the resolver reads"),
            };
        }

        return inputs;
    }

    public static IngressResolution Resolve(params string[] yamls) => IngressResolver.Resolve(Inputs([Base, .. yamls]), Options, Epoch.AddHours(1));

    /// <summary>The inputs with every status of <paramref name="resolution"/> written back (what the next pass reads).</summary>
    public static IngressInputs Written(IngressInputs inputs, IngressResolution resolution) => inputs with
    {
        GatewayClasses = [.. inputs.GatewayClasses.Select(c => resolution.GatewayClasses.FirstOrDefault(u => u.Metadata.Name == c.Metadata.Name) ?? c)],
        Gateways = [.. inputs.Gateways.Select(g => resolution.Gateways.FirstOrDefault(u => Same(u, g)) ?? g)],
        HttpRoutes = [.. inputs.HttpRoutes.Select(r => resolution.HttpRoutes.FirstOrDefault(u => Same(u, r)) ?? r)],
        GrpcRoutes = [.. inputs.GrpcRoutes.Select(r => resolution.GrpcRoutes.FirstOrDefault(u => Same(u, r)) ?? r)],
    };

    public static RouteParentStatus Parent(IngressResolution resolution, string route, string gateway = "same-namespace", string routeNamespace = "infra")
    {
        var status = resolution.HttpRoutes.FirstOrDefault(r => r.Metadata.Name == route && r.Metadata.Namespace == routeNamespace)?.Status
            ?? resolution.GrpcRoutes.FirstOrDefault(r => r.Metadata.Name == route && r.Metadata.Namespace == routeNamespace)?.Status
            ?? throw new InvalidOperationException($"no status written for route {routeNamespace}/{route}");
        return status.Parents.Single(p => p.ParentRef.Name == gateway && p.ControllerName == IngressControllerName.Value);
    }

    /// <summary>A condition as (status, reason).</summary>
    public static (string Status, string? Reason) Condition(IEnumerable<Condition> conditions, string type)
    {
        var condition = conditions.Single(c => c.Type == type);
        return (condition.Status, condition.Reason);
    }

    public static (string Status, string? Reason) Condition(RouteParentStatus parent, string type) => Condition(parent.Conditions, type);

    public static Gateway Gateway(IngressResolution resolution, string name) => resolution.Gateways.Single(g => g.Metadata.Name == name);

    public static ListenerStatus Listener(IngressResolution resolution, string gateway, string listener) =>
        Gateway(resolution, gateway).Status!.Listeners!.Value.Single(l => l.Name == listener);

    public static IngressListener Programmed(IngressResolution resolution, string gateway, string listener) =>
        resolution.Configuration.Listeners.Single(l => l.Gateway == "infra/" + gateway && l.Name == listener);

    /// <summary>A self-signed certificate for <paramref name="host"/> and its key, PEM.</summary>
    public static (string Certificate, string Key) SelfSigned(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + host, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(Epoch, Epoch.AddYears(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A <c>kubernetes.io/tls</c> Secret document.</summary>
    public static string TlsSecret(string ns, string name, string host)
    {
        var (certificate, key) = SelfSigned(host);
        return $$"""
            kind: Secret
            metadata: {name: {{name}}, namespace: {{ns}}}
            type: kubernetes.io/tls
            data: {tls.crt: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate))}}, tls.key: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(key))}}}
            """;
    }

    private static T Parse<T>(JsonNode node)
        where T : class, IKubeObject<T> => JsonSerializer.Deserialize(node.ToJsonString(), T.JsonTypeInfo)!;

    private static bool Same(IKubeObject a, IKubeObject b) => a.Metadata.Name == b.Metadata.Name && a.Metadata.Namespace == b.Metadata.Namespace;
}
