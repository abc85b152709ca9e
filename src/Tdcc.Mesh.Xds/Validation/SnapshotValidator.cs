using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// Validates every resource of a <see cref="Snapshot"/> as it goes on the wire: each resource's packed
/// <c>Any</c> is unpacked through the validator's type registry and checked.
/// </summary>
public sealed class SnapshotValidator(ProtoConstraintValidator validator)
{
    private readonly ProtoConstraintValidator _validator = validator ?? throw new ArgumentNullException(nameof(validator));

    /// <summary>The violations of all resources, by type in push order, then by name (empty: all valid).</summary>
    public IReadOnlyList<XdsResourceViolation> Validate(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var violations = new List<XdsResourceViolation>();
        foreach (var set in snapshot.Sets)
        {
            foreach (var (name, resource) in set.Items.OrderBy(item => item.Key, StringComparer.Ordinal))
            {
                violations.AddRange(_validator.Validate(resource.Packed).Select(violation => new XdsResourceViolation(set.TypeUrl, name, violation)));
            }
        }

        return [.. violations];
    }
}
