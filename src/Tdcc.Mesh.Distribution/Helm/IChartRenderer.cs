namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>Renders a Helm chart into manifests (the hub's step for Helm chart feeds).</summary>
public interface IChartRenderer
{
    /// <summary>Renders <paramref name="request"/>.</summary>
    /// <exception cref="HelmException">The chart could not be fetched or rendered; the message says why, in helm's words.</exception>
    Task<RenderedChart> RenderAsync(ChartRequest request, CancellationToken cancellationToken);
}
