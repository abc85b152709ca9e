namespace Tdcc.Mesh.Dns.Zones;

/// <summary>
/// Identifies one service in a zone: its namespace and name, compared case-insensitively (ASCII ordinal)
/// because the DNS names made from them are.
/// </summary>
/// <param name="Namespace">The service namespace.</param>
/// <param name="Name">The service name.</param>
public readonly record struct ServiceKey(string Namespace, string Name)
{
    /// <summary>The key of a record set.</summary>
    public static ServiceKey Of(ServiceRecordSet service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new ServiceKey(service.Namespace, service.Name);
    }

    /// <inheritdoc/>
    public bool Equals(ServiceKey other) =>
        StringComparer.OrdinalIgnoreCase.Equals(Namespace, other.Namespace) && StringComparer.OrdinalIgnoreCase.Equals(Name, other.Name);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        Namespace is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Namespace),
        Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name));
}
