using System.Runtime.CompilerServices;

namespace Tdcc.Mesh.Grpc;

/// <summary><c>await foreach</c> over an <see cref="IAsyncStreamReader{T}"/>.</summary>
public static class AsyncStreamReaderExtensions
{
    /// <summary>Enumerates the remaining messages of the stream.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        this IAsyncStreamReader<T> reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
