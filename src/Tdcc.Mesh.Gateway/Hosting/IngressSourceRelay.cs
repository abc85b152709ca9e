using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Hosting;

/// <summary>
/// The ingress configuration the data path serves while the Gateway API controller starts: empty until
/// <see cref="Attach"/>, then the controller's, so a slow or failing controller (CRDs missing, API server away) never
/// holds up the east-west gateway.
/// </summary>
internal sealed class IngressSourceRelay : IIngressConfigurationSource
{
    private IIngressConfigurationSource? _source;

    public IngressConfiguration Current => Volatile.Read(ref _source)?.Current ?? Empty;

    public event EventHandler? Changed;

    private static IngressConfiguration Empty { get; } = new();

    public void Attach(IIngressConfigurationSource source)
    {
        source.Changed += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        Volatile.Write(ref _source, source);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
