using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>A configuration source the test sets by hand (the xDS client's role).</summary>
internal sealed class FixedConfigurationSource : IGatewayConfigurationSource
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();

    public GatewayConfiguration? Current { get; private set; }

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Set(GatewayConfiguration configuration)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            Current = configuration;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
    }
}
