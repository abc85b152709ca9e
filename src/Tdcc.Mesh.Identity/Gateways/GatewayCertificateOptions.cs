namespace Tdcc.Mesh.Identity.Gateways;

/// <summary>How the gateway certificates of the member clusters are issued and rotated.</summary>
public sealed record GatewayCertificateOptions
{
    /// <summary>A certificate is replaced once this fraction of its lifetime (from issue to expiry) has passed: 2/3.</summary>
    public double RotateAfterFraction { get; init; } = 2.0 / 3.0;

    /// <summary>The lifetime of a gateway certificate; null: the CA's <c>LeafLifetime</c>.</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>The DNS SANs of a cluster's gateway certificate; null: none (peers match the SPIFFE URI SAN).</summary>
    public Func<string, IEnumerable<string>>? DnsNames { get; init; }

    /// <summary>How long the rotation loop waits before trying again after a failed rotation.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> when a value cannot work.</summary>
    public void Validate()
    {
        if (RotateAfterFraction is <= 0 or > 1 || double.IsNaN(RotateAfterFraction))
        {
            throw new ArgumentException($"RotateAfterFraction must be in (0, 1], not {RotateAfterFraction}.");
        }

        if (Lifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("Lifetime must be positive.");
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("RetryInterval must be positive.");
        }
    }
}
