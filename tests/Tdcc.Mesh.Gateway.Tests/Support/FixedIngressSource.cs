using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>An ingress configuration set by the test (what the Gateway API controller produces in production).</summary>
internal sealed class FixedIngressSource : IIngressConfigurationSource
{
    private IngressConfiguration _current = new();

    public IngressConfiguration Current => Volatile.Read(ref _current);

    public event EventHandler? Changed;

    public void Set(IngressConfiguration configuration)
    {
        Volatile.Write(ref _current, configuration);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
