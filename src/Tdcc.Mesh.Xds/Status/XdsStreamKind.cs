namespace Tdcc.Mesh.Xds.Status;

/// <summary>Which ADS variant a stream speaks.</summary>
public enum XdsStreamKind
{
    /// <summary>State of the world: StreamAggregatedResources.</summary>
    Sotw,

    /// <summary>Incremental: DeltaAggregatedResources.</summary>
    Delta,
}
