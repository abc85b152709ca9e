namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>
/// How a list field merges (<c>patchStrategy:"merge"</c>): lists of objects are merged by <see cref="MergeKey"/>,
/// lists of primitives (null key) are merged as a set union. Lists without a rule are replaced as a whole.
/// </summary>
/// <param name="MergeKey">The <c>patchMergeKey</c> of a list of objects; null for a primitive list.</param>
public sealed record PatchListRule(string? MergeKey);
