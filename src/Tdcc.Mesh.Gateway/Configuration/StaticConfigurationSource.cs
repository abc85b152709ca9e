using Microsoft.Extensions.Primitives;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// A configuration set by its owner rather than received over xDS: a gateway run from a file, benchmarks, and tests.
/// <see cref="Set"/> replaces it and fires the change token.
/// </summary>
public sealed class StaticConfigurationSource : IGatewayConfigurationSource, IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private GatewayConfiguration? _current;

    /// <summary>A source holding <paramref name="initial"/>, or nothing yet.</summary>
    public StaticConfigurationSource(GatewayConfiguration? initial = null) => _current = initial;

    /// <inheritdoc />
    public GatewayConfiguration? Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Replaces the configuration and tells the gateway.</summary>
    public void Set(GatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        CancellationTokenSource previous;
        lock (_gate)
        {
            Volatile.Write(ref _current, configuration);
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _changed.Dispose();
        }
    }
}
