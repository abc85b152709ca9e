using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tdcc.Mesh.Mcs.Api;

/// <summary>Names of the objects MCS derives from a service's namespace and name.</summary>
public static class McsNames
{
    /// <summary>The hub namespace holding the aggregated ServiceImports.</summary>
    public const string DefaultImportsNamespace = "tdcc-mesh-imports";

    /// <summary>
    /// The ConfigMap in each cluster's hub namespace where its agent lists the namespaces of hub imports the cluster
    /// lacks (key <see cref="MissingNamespacesKey"/>, one namespace per line, sorted).
    /// </summary>
    public const string MissingNamespacesReport = "tdcc-mcs-missing-namespaces";

    /// <summary>The data key of <see cref="MissingNamespacesReport"/>.</summary>
    public const string MissingNamespacesKey = "namespaces";

    private const int MaxNameLength = 253;
    private const string Base32Hex = "0123456789abcdefghijklmnopqrstuv";

    /// <summary>
    /// The derived Service of an import, as the reference controller names it:
    /// <c>derived-</c> + the first 10 characters of lower-case base32hex(sha256("ns/name")).
    /// </summary>
    public static string DerivedService(string @namespace, string name) => "derived-" + Hash($"{@namespace}/{name}", 10);

    /// <summary>The hub object (ExportedService, aggregated ServiceImport) of a service: <c>&lt;namespace&gt;.&lt;name&gt;</c>.</summary>
    public static string HubObject(string @namespace, string name) => $"{@namespace}.{name}";

    /// <summary>The hub copy of a member EndpointSlice: <c>&lt;namespace&gt;.&lt;name&gt;.&lt;slice&gt;</c>, hashed when too long.</summary>
    public static string HubSlice(string @namespace, string name, string slice) => Bounded($"{@namespace}.{name}.{slice}");

    /// <summary>A member's imported EndpointSlice: one per source cluster and hub slice.</summary>
    public static string ImportedSlice(string @namespace, string name, string cluster, string hubSlice) =>
        Bounded($"{DerivedService(@namespace, name)}-{cluster}-{Hash(hubSlice, 8)}");

    /// <summary>A <see cref="MissingNamespacesReport"/> value: the namespaces, one per line.</summary>
    public static string FormatNamespaceList(IEnumerable<string> namespaces) => string.Join('\n', namespaces);

    /// <summary>The namespaces of a <see cref="MissingNamespacesReport"/> value (empty lines ignored).</summary>
    public static IEnumerable<string> ParseNamespaceList(string? value) =>
        (value ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Lower-case base32hex (RFC 4648 §7, no padding) of sha256(<paramref name="text"/>), cut to <paramref name="length"/>.</summary>
    public static string Hash(string text, int length)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var builder = new StringBuilder(length);
        int buffer = 0, bits = 0;
        foreach (var b in digest)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && builder.Length < length)
            {
                builder.Append(Base32Hex[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }

            if (builder.Length == length)
            {
                break;
            }
        }

        return builder.ToString();
    }

    private static string Bounded(string name) =>
        name.Length <= MaxNameLength
            ? name
            : string.Create(CultureInfo.InvariantCulture, $"{name[..(MaxNameLength - 17)].TrimEnd('.', '-')}-{Hash(name, 16)}");
}
