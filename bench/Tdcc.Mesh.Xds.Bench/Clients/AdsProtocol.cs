namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>The ADS variant the clients speak.</summary>
internal enum AdsProtocol
{
    /// <summary>StreamAggregatedResources: state of the world, every ACK repeats the subscription.</summary>
    Sotw,

    /// <summary>DeltaAggregatedResources: incremental, an ACK carries only the nonce.</summary>
    Delta,
}
