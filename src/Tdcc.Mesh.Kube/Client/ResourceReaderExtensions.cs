using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Helpers over <see cref="IResourceReader{T}"/>.</summary>
public static class ResourceReaderExtensions
{
    /// <summary>
    /// Lists every object by following <c>continue</c> tokens, <paramref name="pageSize"/> at a time.
    /// The result carries the resourceVersion of the last page, from which a watch can start, and every page's
    /// undecodable items.
    /// </summary>
    public static async Task<KubeList<T>> ListAllAsync<T>(this IResourceReader<T> reader, ListOptions? options = null, int pageSize = 500, CancellationToken cancellationToken = default)
        where T : class, IKubeObject
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        options = (options ?? new ListOptions()) with { Limit = pageSize, Continue = null };
        var items = ImmutableArray.CreateBuilder<T>();
        var undecodable = ImmutableArray.CreateBuilder<UndecodableObject>();
        while (true)
        {
            var page = await reader.ListAsync(options, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            undecodable.AddRange(page.Undecodable);
            if (string.IsNullOrEmpty(page.Metadata.Continue))
            {
                return page with { Items = items.ToImmutable(), Undecodable = undecodable.ToImmutable(), Metadata = page.Metadata with { Continue = null } };
            }

            // Later pages are served from the snapshot of the first; resourceVersion must not be repeated with continue.
            options = options with { Continue = page.Metadata.Continue, ResourceVersion = null, ResourceVersionMatch = null };
        }
    }
}
