using System.Security.Cryptography;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Content-derived versions: the first 16 hex digits of a SHA-256.</summary>
internal static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>A version over (name, version) pairs, independent of their order.</summary>
    public static string OfVersions(IEnumerable<KeyValuePair<string, string>> items)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var (name, version) in items.OrderBy(item => item.Key, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            hash.AppendData(separator);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(version));
            hash.AppendData(separator);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}
