using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Validation;
using NetworkFilter = Envoy.Config.Listener.V3.Filter;

namespace Tdcc.Mesh.Xds.Tests.Validation;

/// <summary>
/// One real Envoy message per rule kind, breaking exactly the annotation the Envoy protos carry (each test names it).
/// </summary>
public sealed class EnvoyConstraintTests
{
    private const string HcmType = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

    private static readonly ProtoConstraintValidator Validator = new();

    [Fact]
    public void Validate_ValidBaselines_NoViolations()
    {
        Validator.Validate(ValidCluster()).Should().BeEmpty();
        Validator.Validate(ValidApiListener(ValidHcm())).Should().BeEmpty();
        Validator.Validate(ValidFilterChainListener(ValidHcm())).Should().BeEmpty();
        Validator.Validate(ValidRoutes()).Should().BeEmpty();
        Validator.Validate(ValidLoadAssignment()).Should().BeEmpty();
        Validator.Validate(ValidHealthCheck()).Should().BeEmpty();
    }

    [Fact]
    public void Validate_ListenerWithoutName_NoViolation()
    {
        // Listener.name carries no rule (Envoy generates a UUID), unlike Cluster.name.
        Validator.Validate(new Listener { ApiListener = ValidApiListener(ValidHcm()).ApiListener }).Should().BeEmpty();
        Validator.Validate(WithCluster(c => c.Name = string.Empty)).Should().ContainSingle()
            .Which.Should().Be(new ProtoConstraintViolation("name", "string.min_len", "value length must be at least 1 runes"));
    }

    // Cluster.connect_timeout: duration = {gt {}}
    [Fact]
    public void Validate_ClusterConnectTimeoutZero_DurationGt()
    {
        var violations = Validator.Validate(WithCluster(c => c.ConnectTimeout = new Duration()));

        violations.Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("connect_timeout", "duration.gt", "value must be greater than 0s"));
    }

    // HealthCheck.interval: duration = {required: true gt {}}
    [Fact]
    public void Validate_HealthCheckWithoutInterval_DurationRequired()
    {
        var check = ValidHealthCheck();
        check.Interval = null;

        Validator.Validate(WithCluster(c => c.HealthChecks.Add(check))).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("health_checks[0].interval", "duration.required", "value is required"));
    }

    // HttpUri.timeout: duration = {required: true lt {seconds: 4294967296} gte {}}
    [Fact]
    public void Validate_HttpUriTimeoutTooLong_DurationRange()
    {
        var uri = new HttpUri { Uri = "https://example.com/jwks", Cluster = "jwks", Timeout = new Duration { Seconds = 4294967296 } };

        Validator.Validate(uri).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("timeout", "duration.gte_lt", "value must be inside range [0s, 1193046h28m16s)"));
    }

    // QuicKeepAliveSettings.max_interval: duration = {lte {} gte {seconds: 1}}, an exclusive range: 0 or at least 1s.
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(60_000, true)]
    public void Validate_QuicKeepAliveMaxInterval_ExclusiveRange(int milliseconds, bool valid)
    {
        var settings = new QuicKeepAliveSettings { MaxInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(milliseconds)) };

        var violations = Validator.Validate(settings);

        if (valid)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Should().Be(
                new ProtoConstraintViolation("max_interval", "duration.gte_lte", "value must be outside range (0s, 1s)"));
        }
    }

    // HttpConnectionManager.stat_prefix: string = {min_len: 1}, found through Listener.api_listener's Any.
    [Fact]
    public void Validate_ApiListenerHcmEmptyStatPrefix_StringMinLenInsideAny()
    {
        var hcm = ValidHcm();
        hcm.StatPrefix = string.Empty;

        Validator.Validate(ValidApiListener(hcm)).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            $"api_listener.api_listener({HcmType}).stat_prefix", "string.min_len", "value length must be at least 1 runes"));
    }

    // HttpFilter.name: string = {min_len: 1}, two Any levels down a filter chain.
    [Fact]
    public void Validate_FilterChainHcmFilterWithoutName_PathThroughTypedConfig()
    {
        var hcm = ValidHcm();
        hcm.HttpFilters[0].Name = string.Empty;

        Validator.Validate(ValidFilterChainListener(hcm)).Should().ContainSingle()
            .Which.Path.Should().Be($"filter_chains[0].filters[0].typed_config({HcmType}).http_filters[0].name");
    }

    // HttpConnectionManager.route_specifier: oneof (validate.required)
    [Fact]
    public void Validate_HcmWithoutRouteSpecifier_OneofRequired()
    {
        var hcm = ValidHcm();
        hcm.Rds = null;

        var violation = Validator.Validate(hcm).Should().ContainSingle().Subject;

        violation.Path.Should().Be("route_specifier");
        violation.Rule.Should().Be("oneof.required");
        violation.Message.Should().StartWith("value is required: set one of rds, route_config");
    }

    // Rds.config_source: message = {required: true}
    [Fact]
    public void Validate_RdsWithoutConfigSource_MessageRequired()
    {
        var hcm = ValidHcm();
        hcm.Rds.ConfigSource = null;

        Validator.Validate(ValidApiListener(hcm)).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            $"api_listener.api_listener({HcmType}).rds.config_source", "message.required", "value is required"));
    }

    // HealthCheck.unhealthy_threshold: a UInt32Value with message = {required: true}
    [Fact]
    public void Validate_HealthCheckWithoutUnhealthyThreshold_WrapperRequired()
    {
        var check = ValidHealthCheck();
        check.UnhealthyThreshold = null;

        Validator.Validate(check).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("unhealthy_threshold", "message.required", "value is required"));
    }

    // VirtualHost.domains: repeated = {min_items: 1 items {string {well_known_regex: HTTP_HEADER_VALUE strict: false}}}
    [Fact]
    public void Validate_VirtualHostWithoutDomains_RepeatedMinItems()
    {
        var routes = ValidRoutes();
        routes.VirtualHosts[0].Domains.Clear();

        Validator.Validate(routes).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("virtual_hosts[0].domains", "repeated.min_items", "value must contain at least 1 item(s)"));
    }

    [Fact]
    public void Validate_DomainWithNewline_LooseHeaderValueOnItem()
    {
        var routes = ValidRoutes();
        routes.VirtualHosts[0].Domains.Add("evil.example.com\nx-injected: 1");

        var violation = Validator.Validate(routes).Should().ContainSingle().Subject;

        violation.Path.Should().Be("virtual_hosts[0].domains[1]");
        violation.Rule.Should().Be("string.well_known_regex");
    }

    // HeaderMatcher.name: string = {min_len: 1 well_known_regex: HTTP_HEADER_NAME strict: false}
    [Theory]
    [InlineData("x-user\r\nx-admin", "string.well_known_regex")]
    [InlineData("x-user\0", "string.well_known_regex")]
    [InlineData("", "string.min_len")]
    public void Validate_HeaderMatcherInvalidName_Violation(string name, string rule)
    {
        var routes = ValidRoutes();
        routes.VirtualHosts[0].Routes[0].Match.Headers.Add(new HeaderMatcher { Name = name, PresentMatch = true });

        var violation = Validator.Validate(routes).Should().ContainSingle().Subject;

        violation.Path.Should().Be("virtual_hosts[0].routes[0].match.headers[0].name");
        violation.Rule.Should().Be(rule);
    }

    [Fact]
    public void Validate_HeaderMatcherLooseNameWithSpace_Accepted()
    {
        // strict: false only forbids NUL, CR and LF.
        var routes = ValidRoutes();
        routes.VirtualHosts[0].Routes[0].Match.Headers.Add(new HeaderMatcher { Name = "x user", PresentMatch = true });

        Validator.Validate(routes).Should().BeEmpty();
    }

    // UpstreamHttpProtocolOptions.override_auto_sni_header: string = {well_known_regex: HTTP_HEADER_NAME ignore_empty: true} (strict)
    [Theory]
    [InlineData("x-sni", true)]
    [InlineData(":authority", true)]
    [InlineData("", true)]
    [InlineData("x sni", false)]
    [InlineData("x-sni:", false)]
    [InlineData("::", false)]
    public void Validate_OverrideAutoSniHeader_StrictHeaderName(string header, bool valid)
    {
        var options = new UpstreamHttpProtocolOptions { AutoSni = true, OverrideAutoSniHeader = header };

        var violations = Validator.Validate(options);

        if (valid)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Should().Match<ProtoConstraintViolation>(v =>
                v.Path == "override_auto_sni_header" && v.Rule == "string.well_known_regex");
        }
    }

    // HttpHealthCheck.host: string = {well_known_regex: HTTP_HEADER_VALUE} (strict)
    [Fact]
    public void Validate_HealthCheckHostWithControlCharacter_StrictHeaderValue()
    {
        var check = ValidHealthCheck();
        check.HttpHealthCheck.Host = "echo\u0001.demo";

        Validator.Validate(check).Should().ContainSingle().Which.Should().Match<ProtoConstraintViolation>(v =>
            v.Path == "http_health_check.host" && v.Rule == "string.well_known_regex");
    }

    // RouteMatch.path_separated_prefix: string = {pattern: "^[^?#]+[^?#/]$"}
    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/", false)]
    [InlineData("/api?x=1", false)]
    public void Validate_PathSeparatedPrefix_StringPattern(string prefix, bool valid)
    {
        var routes = ValidRoutes();
        routes.VirtualHosts[0].Routes[0].Match.PathSeparatedPrefix = prefix;

        var violations = Validator.Validate(routes);

        if (valid)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
                "virtual_hosts[0].routes[0].match.path_separated_prefix", "string.pattern", "value does not match regex pattern \"^[^?#]+[^?#/]$\""));
        }
    }

    // HeaderValue.key: string = {min_len: 1 max_bytes: 16384 well_known_regex: HTTP_HEADER_NAME strict: false}
    [Fact]
    public void Validate_HeaderKeyTooLong_StringMaxBytes()
    {
        var routes = ValidRoutes();
        routes.RequestHeadersToAdd.Add(new HeaderValueOption { Header = new HeaderValue { Key = new string('é', 8193), Value = "v" } });

        Validator.Validate(routes).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "request_headers_to_add[0].header.key", "string.max_bytes", "value length must be at most 16384 bytes"));
    }

    // HeaderValue.raw_value: bytes = {min_len: 0 max_len: 16384}
    [Fact]
    public void Validate_HeaderRawValueTooLong_BytesMaxLen()
    {
        var routes = ValidRoutes();
        routes.RequestHeadersToAdd.Add(new HeaderValueOption { Header = new HeaderValue { Key = "x-big", RawValue = ByteString.CopyFrom(new byte[16385]) } });

        Validator.Validate(routes).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "request_headers_to_add[0].header.raw_value", "bytes.max_len", "value length must be between 0 and 16384 bytes, inclusive"));
    }

    // RouteConfiguration.request_headers_to_add: repeated = {max_items: 1000}
    [Fact]
    public void Validate_TooManyRequestHeadersToAdd_RepeatedMaxItems()
    {
        var routes = ValidRoutes();
        routes.RequestHeadersToAdd.AddRange(Enumerable.Range(0, 1001).Select(i => new HeaderValueOption { Header = new HeaderValue { Key = $"x-h{i}", Value = "v" } }));

        Validator.Validate(routes).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("request_headers_to_add", "repeated.max_items", "value must contain no more than 1000 item(s)"));
    }

    // InternalRedirectPolicy.response_headers_to_copy: repeated = {unique: true items {...}}
    [Fact]
    public void Validate_DuplicateResponseHeadersToCopy_RepeatedUnique()
    {
        var routes = ValidRoutes();
        routes.VirtualHosts[0].Routes[0].Route_.InternalRedirectPolicy = new InternalRedirectPolicy { ResponseHeadersToCopy = { "x-a", "x-b", "x-a" } };

        Validator.Validate(routes).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "virtual_hosts[0].routes[0].route.internal_redirect_policy.response_headers_to_copy[2]", "repeated.unique", "repeated value must contain unique items"));
    }

    // SocketAddress.port_value: uint32 = {lte: 65535}
    [Fact]
    public void Validate_EndpointPortAbove65535_Uint32Lte()
    {
        var assignment = ValidLoadAssignment();
        assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.PortValue = 70000;

        Validator.Validate(assignment).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value", "uint32.lte", "value must be less than or equal to 65535"));
    }

    // SocketAddress.port_specifier: oneof (validate.required)
    [Fact]
    public void Validate_EndpointWithoutPort_OneofRequired()
    {
        var assignment = ValidLoadAssignment();
        assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.ClearPortSpecifier();

        Validator.Validate(assignment).Should().ContainSingle().Which.Path.Should()
            .Be("endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_specifier");
    }

    // LocalityLbEndpoints.load_balancing_weight: UInt32Value with uint32 = {gte: 1}; priority: uint32 = {lte: 128}
    [Fact]
    public void Validate_LocalityWeightZeroAndPriorityTooHigh_WrapperGteAndLte()
    {
        var assignment = ValidLoadAssignment();
        assignment.Endpoints[0].LoadBalancingWeight = 0;
        assignment.Endpoints[0].Priority = 129;

        Validator.Validate(assignment).Should().BeEquivalentTo(new[]
        {
            new ProtoConstraintViolation("endpoints[0].load_balancing_weight", "uint32.gte", "value must be greater than or equal to 1"),
            new ProtoConstraintViolation("endpoints[0].priority", "uint32.lte", "value must be less than or equal to 128"),
        });
    }

    // OutlierDetection.max_ejection_percent: UInt32Value with uint32 = {lte: 100}
    [Fact]
    public void Validate_MaxEjectionPercentAbove100_WrapperLte()
    {
        var cluster = WithCluster(c => c.OutlierDetection = new OutlierDetection { MaxEjectionPercent = 150 });

        Validator.Validate(cluster).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "outlier_detection.max_ejection_percent", "uint32.lte", "value must be less than or equal to 100"));
    }

    // envoy.type.v3.Percent.value: double = {lte: 100.0 gte: 0.0}
    [Fact]
    public void Validate_HealthyPanicThresholdAbove100_DoubleRange()
    {
        var cluster = WithCluster(c => c.CommonLbConfig = new Cluster.Types.CommonLbConfig { HealthyPanicThreshold = new Percent { Value = 150.5 } });

        Validator.Validate(cluster).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "common_lb_config.healthy_panic_threshold.value", "double.gte_lte", "value must be inside range [0, 100]"));
    }

    // Cluster.lb_policy: enum = {defined_only: true}
    [Fact]
    public void Validate_UndefinedLbPolicy_EnumDefinedOnly()
    {
        var violation = Validator.Validate(WithCluster(c => c.LbPolicy = (Cluster.Types.LbPolicy)42)).Should().ContainSingle().Subject;

        violation.Path.Should().Be("lb_policy");
        violation.Rule.Should().Be("enum.defined_only");
        violation.Message.Should().StartWith("value must be one of the defined enum values");
    }

    // HttpHealthCheck.method: enum = {defined_only: true not_in: 6}
    [Fact]
    public void Validate_HealthCheckMethodConnect_EnumNotIn()
    {
        var check = ValidHealthCheck();
        check.HttpHealthCheck.Method = RequestMethod.Connect;

        Validator.Validate(check).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("http_health_check.method", "enum.not_in", "value must not be in list [CONNECT (6)]"));
    }

    // Metadata.filter_metadata: map = {keys {string {min_len: 1}}}
    [Fact]
    public void Validate_MetadataWithEmptyKey_MapKeys()
    {
        var cluster = WithCluster(c => c.Metadata = new Metadata { FilterMetadata = { [string.Empty] = new Struct() } });

        Validator.Validate(cluster).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "metadata.filter_metadata[\"\"]", "string.min_len", "invalid key: value length must be at least 1 runes"));
    }

    // ListenerFilterChainMatchPredicate.any_match: bool = {const: true}
    [Fact]
    public void Validate_ListenerFilterAnyMatchFalse_BoolConst()
    {
        var listener = ValidApiListener(ValidHcm());
        listener.ListenerFilters.Add(new ListenerFilter
        {
            Name = "envoy.filters.listener.tls_inspector",
            FilterDisabled = new ListenerFilterChainMatchPredicate { AnyMatch = false },
        });

        Validator.Validate(listener).Should().ContainSingle().Which.Should().Be(
            new ProtoConstraintViolation("listener_filters[0].filter_disabled.any_match", "bool.const", "value must equal true"));
    }

    // TypedExtensionConfig.typed_config: any = {required: true}
    [Fact]
    public void Validate_LoadBalancingPolicyWithoutTypedConfig_AnyRequired()
    {
        var cluster = WithCluster(c => c.LoadBalancingPolicy = new LoadBalancingPolicy
        {
            Policies = { new LoadBalancingPolicy.Types.Policy { TypedExtensionConfig = new TypedExtensionConfig { Name = "envoy.load_balancing_policies.round_robin" } } },
        });

        Validator.Validate(cluster).Should().ContainSingle().Which.Should().Be(new ProtoConstraintViolation(
            "load_balancing_policy.policies[0].typed_extension_config.typed_config", "any.required", "value is required"));
    }

    [Fact]
    public void Validate_UnknownAnyType_IgnoredByDefaultReportedOnRequest()
    {
        var listener = ValidFilterChainListener(ValidHcm());
        listener.FilterChains[0].Filters[0].TypedConfig = new Any { TypeUrl = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxi.v3.TcpProxy" };

        Validator.Validate(listener).Should().BeEmpty();
        new ProtoConstraintValidator(new ProtoConstraintValidatorOptions { ReportUnknownAnyTypes = true }).Validate(listener)
            .Should().ContainSingle().Which.Should().Match<ProtoConstraintViolation>(v =>
                v.Path == "filter_chains[0].filters[0].typed_config" && v.Rule == "any.known_type");
    }

    [Fact]
    public void Validate_AnyWithUnparsablePayload_AnyUnpack()
    {
        var listener = ValidFilterChainListener(ValidHcm());
        listener.FilterChains[0].Filters[0].TypedConfig = new Any { TypeUrl = "type.googleapis.com/" + HcmType, Value = ByteString.CopyFrom(0xFF, 0xFF, 0xFF) };

        Validator.Validate(listener).Should().ContainSingle().Which.Rule.Should().Be("any.unpack");
    }

    [Fact]
    public void Validate_PackedResource_PathsRelativeToPayload()
    {
        var hcm = ValidHcm();
        hcm.StatPrefix = string.Empty;

        Validator.Validate(Any.Pack(hcm)).Should().ContainSingle().Which.Path.Should().Be("stat_prefix");
    }

    [Fact]
    public void Validate_ConcurrentCallsOnOneInstance_SameResults()
    {
        var validator = new ProtoConstraintValidator();
        var hcm = ValidHcm();
        hcm.StatPrefix = string.Empty;
        var listener = ValidFilterChainListener(hcm);
        var expected = Validator.Validate(listener);

        var results = new IReadOnlyList<ProtoConstraintViolation>[64];
        Parallel.For(0, results.Length, i => results[i] = validator.Validate(listener));

        results.Should().OnlyContain(result => result.SequenceEqual(expected));
    }

    private static Cluster ValidCluster() => new()
    {
        Name = "echo.demo.svc.clusterset.local:9090",
        Type = Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads(), ServiceName = "echo.demo.svc.clusterset.local:9090" },
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        LbPolicy = Cluster.Types.LbPolicy.RoundRobin,
    };

    private static Cluster WithCluster(Action<Cluster> change)
    {
        var cluster = ValidCluster();
        change(cluster);
        return cluster;
    }

    private static HttpConnectionManager ValidHcm() => new()
    {
        StatPrefix = "echo",
        Rds = new Rds { RouteConfigName = "echo", ConfigSource = Ads() },
        HttpFilters = { new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
    };

    private static Listener ValidApiListener(HttpConnectionManager hcm) =>
        new() { Name = "echo", ApiListener = new ApiListener { ApiListener_ = Any.Pack(hcm) } };

    private static Listener ValidFilterChainListener(HttpConnectionManager hcm) => new()
    {
        Name = "inbound",
        Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = 15006 } },
        FilterChains = { new FilterChain { Filters = { new NetworkFilter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) } } } },
    };

    private static RouteConfiguration ValidRoutes() => new()
    {
        Name = "echo",
        VirtualHosts =
        {
            new VirtualHost
            {
                Name = "echo",
                Domains = { "echo.demo.svc.clusterset.local" },
                Routes = { new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = new RouteAction { Cluster = "echo" } } },
            },
        },
    };

    private static ClusterLoadAssignment ValidLoadAssignment() => new()
    {
        ClusterName = "echo",
        Endpoints =
        {
            new LocalityLbEndpoints
            {
                LoadBalancingWeight = 1,
                LbEndpoints =
                {
                    new LbEndpoint { Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = "10.0.0.1", PortValue = 9090 } } } },
                },
            },
        },
    };

    private static HealthCheck ValidHealthCheck() => new()
    {
        Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        UnhealthyThreshold = 3,
        HealthyThreshold = 1,
        HttpHealthCheck = new HealthCheck.Types.HttpHealthCheck { Host = "echo.demo", Path = "/healthz" },
    };

    private static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };
}
