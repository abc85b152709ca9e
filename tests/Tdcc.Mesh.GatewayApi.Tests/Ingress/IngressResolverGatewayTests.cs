using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Ingress;
using Tdcc.Mesh.MeshModel.Ingress;
using static Tdcc.Mesh.GatewayApi.Tests.Ingress.TestIngress;

namespace Tdcc.Mesh.GatewayApi.Tests.Ingress;

/// <summary>GatewayClass and Gateway resolution, named after the upstream conformance scenarios they reproduce.</summary>
public sealed class IngressResolverGatewayTests
{
    [Fact]
    public void Resolve_OurGatewayClassAndGateways_AcceptedProgrammedWithAddressesAndListenerConditions()
    {
        var resolution = Resolve();

        var gatewayClass = resolution.GatewayClasses.Single();
        Condition(gatewayClass.Status!.Conditions, GatewayConditions.Accepted).Should().Be(("True", "Accepted"));
        var gateway = Gateway(resolution, "same-namespace");
        Condition(gateway.Status!.Conditions, GatewayConditions.Accepted).Should().Be(("True", "Accepted"));
        Condition(gateway.Status.Conditions, GatewayConditions.Programmed).Should().Be(("True", "Programmed"));
        gateway.Status.Addresses!.Value.Single().Should().Match<GatewayStatusAddress>(a => a.Type == "IPAddress" && a.Value == "192.0.2.10");
        var listener = gateway.Status.Listeners!.Value.Single();
        listener.Conditions.Select(c => (c.Type, c.Status, c.Reason)).Should().Equal(
            ("Accepted", "True", "Accepted"), ("Programmed", "True", "Programmed"), ("ResolvedRefs", "True", "ResolvedRefs"), ("Conflicted", "False", "NoConflicts"));
        listener.SupportedKinds.Select(k => (k.Group, k.Kind)).Should().Equal((GatewayApiGroups.Gateway, "HTTPRoute"), (GatewayApiGroups.Gateway, "GRPCRoute"));
        resolution.Configuration.Listeners.Select(l => (l.Gateway, l.Name, l.Port)).Should().Equal(("infra/same-namespace", "http", 80), ("infra/all-namespaces", "http", 8080));
    }

    [Fact]
    public void Resolve_GatewayClassWithParameters_NotAcceptedAndItsGatewaysNeither()
    {
        var resolution = IngressResolver.Resolve(
            Inputs(Base.Replace("spec: {controllerName: tdcc.io/gateway-controller}", "spec: {controllerName: tdcc.io/gateway-controller, parametersRef: {group: example.com, kind: Params, name: p}}", StringComparison.Ordinal)),
            Options,
            Epoch);

        Condition(resolution.GatewayClasses.Single().Status!.Conditions, GatewayConditions.Accepted).Should().Be(("False", "InvalidParameters"));
        Condition(Gateway(resolution, "same-namespace").Status!.Conditions, GatewayConditions.Accepted).Should().Be(("False", "Invalid"));
        resolution.Configuration.Listeners.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_GatewayClassObservedGenerationBump_ObservedGenerationFollowsLastTransitionTimeKept()
    {
        var inputs = Inputs(Base);
        var written = Written(inputs, IngressResolver.Resolve(inputs, Options, Epoch.AddHours(1)));
        IngressResolver.Resolve(written, Options, Epoch.AddHours(2)).GatewayClasses.Should().BeEmpty();

        var bumped = written with { GatewayClasses = [.. written.GatewayClasses.Select(c => c with { Metadata = c.Metadata with { Generation = 2 } })] };
        var condition = IngressResolver.Resolve(bumped, Options, Epoch.AddHours(2)).GatewayClasses.Single().Status!.Conditions.Single();

        (condition.ObservedGeneration, condition.LastTransitionTime).Should().Be((2L, Epoch.AddHours(1)));
    }

    [Fact]
    public void Resolve_GatewayObservedGenerationBump_EveryConditionFollowsTheGeneration()
    {
        var inputs = Inputs(Base);
        var written = Written(inputs, IngressResolver.Resolve(inputs, Options, Epoch.AddHours(1)));
        IngressResolver.Resolve(written, Options, Epoch.AddHours(2)).Gateways.Should().BeEmpty("nothing changed, nothing is written");

        var bumped = written with { Gateways = [.. written.Gateways.Select(g => g.Metadata.Name == "same-namespace" ? g with { Metadata = g.Metadata with { Generation = 2 } } : g)] };
        var gateway = IngressResolver.Resolve(bumped, Options, Epoch.AddHours(2)).Gateways.Single();

        gateway.Status!.Conditions.Concat(gateway.Status.Listeners!.Value.SelectMany(l => l.Conditions))
            .Should().OnlyContain(c => c.ObservedGeneration == 2 && c.LastTransitionTime == Epoch.AddHours(1));
    }

    [Fact]
    public void Resolve_GatewayInvalidTLSConfiguration_InvalidCertificateRefAndNotProgrammed()
    {
        var resolution = Resolve("""
            kind: Secret
            metadata: {name: malformed}
            type: kubernetes.io/tls
            data: {tls.crt: bm90IGEgY2VydA==, tls.key: bm90IGEga2V5}
            ---
            kind: Gateway
            metadata: {name: gateway-invalid-tls}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: nonexistent-secret, port: 9443, protocol: HTTPS, hostname: a.example.com, tls: {certificateRefs: [{name: nonexistent}]}}
              - {name: unsupported-kind, port: 9443, protocol: HTTPS, hostname: b.example.com, tls: {certificateRefs: [{group: example.com, kind: Certificate, name: c}]}}
              - {name: malformed-secret, port: 9443, protocol: HTTPS, hostname: c.example.com, tls: {certificateRefs: [{name: malformed}]}}
              - {name: no-certificate, port: 9443, protocol: HTTPS, hostname: d.example.com}
              - {name: opaque-secret, port: 9443, protocol: HTTPS, hostname: e.example.com, tls: {certificateRefs: [{name: opaque}]}}
            """,
            TlsSecret("infra", "opaque", "e.example.com").Replace("type: kubernetes.io/tls", "type: Opaque", StringComparison.Ordinal));

        foreach (var name in new[] { "nonexistent-secret", "unsupported-kind", "malformed-secret", "no-certificate", "opaque-secret" })
        {
            var listener = Listener(resolution, "gateway-invalid-tls", name);
            Condition(listener.Conditions, GatewayConditions.ResolvedRefs).Should().Be(("False", "InvalidCertificateRef"), name);
            Condition(listener.Conditions, GatewayConditions.Programmed).Should().Be(("False", "Invalid"), name);
        }

        resolution.Configuration.Listeners.Should().NotContain(l => l.Gateway == "infra/gateway-invalid-tls");
        Condition(Gateway(resolution, "gateway-invalid-tls").Status!.Conditions, GatewayConditions.Programmed).Should().Be(("False", "Invalid"));
    }

    [Fact]
    public void Resolve_HttpsListenerWithValidSecret_ProgrammedWithThePemCertificate()
    {
        var resolution = Resolve(TlsSecret("infra", "tls-validity-checks-certificate", "*.example.com") + """

            ---
            kind: Gateway
            metadata: {name: https}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: https, port: 443, protocol: HTTPS, hostname: "*.example.com", tls: {certificateRefs: [{name: tls-validity-checks-certificate}]}}]
            """);

        Condition(Listener(resolution, "https", "https").Conditions, GatewayConditions.Programmed).Should().Be(("True", "Programmed"));
        var listener = Programmed(resolution, "https", "https");
        listener.Protocol.Should().Be(IngressProtocol.Https);
        listener.Certificates.Single().CertificateChainPem.Should().StartWith("-----BEGIN CERTIFICATE-----");
        listener.Certificates.Single().PrivateKeyPem.Should().Contain("PRIVATE KEY");
    }

    [Fact]
    public void Resolve_GatewaySecretReferenceGrantSpecific_CrossNamespaceCertificateNeedsAGrantNamingIt()
    {
        const string Gateway = """
            kind: Gateway
            metadata: {name: gateway-secret-reference-grant}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: certificate, namespace: app-backend}]}}]
            """;
        const string Grant = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: reference-grant-specific, namespace: app-backend}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
              to: [{group: "", kind: Secret, name: NAME}]
            """;
        var secret = TlsSecret("app-backend", "certificate", "example.com");

        var missing = Resolve(secret, Gateway);
        var specific = Resolve(secret, Gateway, Grant.Replace("NAME", "certificate", StringComparison.Ordinal));
        var other = Resolve(secret, Gateway, Grant.Replace("NAME", "other", StringComparison.Ordinal));

        Condition(Listener(missing, "gateway-secret-reference-grant", "https").Conditions, GatewayConditions.ResolvedRefs).Should().Be(("False", "RefNotPermitted"));
        Condition(Listener(other, "gateway-secret-reference-grant", "https").Conditions, GatewayConditions.ResolvedRefs).Should().Be(("False", "RefNotPermitted"));
        Condition(Listener(specific, "gateway-secret-reference-grant", "https").Conditions, GatewayConditions.ResolvedRefs).Should().Be(("True", "ResolvedRefs"));
        Programmed(specific, "gateway-secret-reference-grant", "https").Certificates.Should().ContainSingle();
    }

    [Fact]
    public void Resolve_GatewayInvalidRouteKind_InvalidRouteKindsAndOnlySupportedKindsListed()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: gateway-only-invalid-route-kind}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: http, port: 9100, protocol: HTTP, allowedRoutes: {kinds: [{kind: InvalidRoute}]}}]
            ---
            kind: Gateway
            metadata: {name: gateway-supported-and-invalid-route-kind}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: http, port: 9101, protocol: HTTP, allowedRoutes: {kinds: [{kind: InvalidRoute}, {group: gateway.networking.k8s.io, kind: HTTPRoute}]}}]
            """);

        var only = Listener(resolution, "gateway-only-invalid-route-kind", "http");
        Condition(only.Conditions, GatewayConditions.ResolvedRefs).Should().Be(("False", "InvalidRouteKinds"));
        only.SupportedKinds.Should().BeEmpty();
        Condition(only.Conditions, GatewayConditions.Programmed).Should().Be(("False", "Invalid"));
        var mixed = Listener(resolution, "gateway-supported-and-invalid-route-kind", "http");
        Condition(mixed.Conditions, GatewayConditions.ResolvedRefs).Should().Be(("False", "InvalidRouteKinds"));
        mixed.SupportedKinds.Select(k => k.Kind).Should().Equal("HTTPRoute");
        Condition(mixed.Conditions, GatewayConditions.Programmed).Should().Be(("True", "Programmed"));
    }

    [Fact]
    public void Resolve_TwoGatewaysOnOnePortWithDifferentProtocols_YoungerListenerConflicted()
    {
        var resolution = Resolve(TlsSecret("infra", "cert", "example.com") + """

            ---
            kind: Gateway
            metadata: {name: older}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: http, port: 9200, protocol: HTTP}]
            ---
            kind: Gateway
            metadata: {name: younger}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: https, port: 9200, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}, {name: other, port: 9201, protocol: HTTP}]
            """);

        Condition(Listener(resolution, "older", "http").Conditions, GatewayConditions.Conflicted).Should().Be(("False", "NoConflicts"));
        var conflicted = Listener(resolution, "younger", "https");
        Condition(conflicted.Conditions, GatewayConditions.Conflicted).Should().Be(("True", "ProtocolConflict"));
        Condition(conflicted.Conditions, GatewayConditions.Programmed).Should().Be(("False", "Invalid"));
        Condition(Gateway(resolution, "younger").Status!.Conditions, GatewayConditions.Accepted).Should().Be(("True", "ListenersNotValid"));
        resolution.Configuration.Listeners.Where(l => l.Port == 9200).Select(l => l.Gateway).Should().Equal("infra/older");
        resolution.Configuration.Listeners.Should().Contain(l => l.Gateway == "infra/younger" && l.Name == "other");
    }

    [Fact]
    public void Resolve_ListenersOfOneGatewayWithTheSameHostname_BothHostnameConflicted()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: duplicate}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: a, port: 9300, protocol: HTTP, hostname: example.com}
              - {name: b, port: 9300, protocol: HTTP, hostname: example.com}
              - {name: c, port: 9300, protocol: HTTP, hostname: other.example.com}
            """);

        Condition(Listener(resolution, "duplicate", "a").Conditions, GatewayConditions.Conflicted).Should().Be(("True", "HostnameConflict"));
        Condition(Listener(resolution, "duplicate", "b").Conditions, GatewayConditions.Conflicted).Should().Be(("True", "HostnameConflict"));
        Condition(Listener(resolution, "duplicate", "c").Conditions, GatewayConditions.Conflicted).Should().Be(("False", "NoConflicts"));
    }

    [Theory]
    [InlineData("TCP")]
    [InlineData("TLS")]
    [InlineData("example.com/custom")]
    public void Resolve_ListenerOfUnsupportedProtocol_UnsupportedProtocolOthersStillServed(string protocol)
    {
        var resolution = Resolve($$"""
            kind: Gateway
            metadata: {name: mixed}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: odd, port: 9400, protocol: "{{protocol}}"}, {name: http, port: 9401, protocol: HTTP}]
            """);

        Condition(Listener(resolution, "mixed", "odd").Conditions, GatewayConditions.Accepted).Should().Be(("False", "UnsupportedProtocol"));
        Condition(Gateway(resolution, "mixed").Status!.Conditions, GatewayConditions.Programmed).Should().Be(("True", "Programmed"));
        resolution.Configuration.Listeners.Where(l => l.Gateway == "infra/mixed").Select(l => l.Name).Should().Equal("http");
    }

    [Fact]
    public void Resolve_GatewayRequestingAddresses_UnsupportedAddress()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: with-address}
            spec:
              gatewayClassName: tdcc
              addresses: [{type: IPAddress, value: 203.0.113.1}]
              listeners: [{name: http, port: 9500, protocol: HTTP}]
            """);

        var status = Gateway(resolution, "with-address").Status!;
        Condition(status.Conditions, GatewayConditions.Accepted).Should().Be(("False", "UnsupportedAddress"));
        Condition(status.Conditions, GatewayConditions.Programmed).Should().Be(("False", "AddressNotAssigned"));
        status.Addresses.Should().BeNull();
    }
}
