using Envoy.Config.Core.V3;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>The config source every translated reference uses: ADS (what gRPC xDS clients require).</summary>
internal static class XdsConfigSources
{
    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };
}
