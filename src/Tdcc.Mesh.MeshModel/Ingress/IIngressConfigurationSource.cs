namespace Tdcc.Mesh.MeshModel.Ingress;

/// <summary>
/// Where an ingress gateway's data path takes its configuration from: the Gateway API controller running beside it
/// (or a fixed configuration in tests). <see cref="Current"/> is never null once started; <see cref="Changed"/> is raised
/// after it changes.
/// </summary>
public interface IIngressConfigurationSource
{
    /// <summary>The configuration now (empty before the first resolution).</summary>
    IngressConfiguration Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    event EventHandler? Changed;
}
