using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>One measured case: HTTP/1.1 (wrk) or HTTP/2 (h2load), small or 16 KiB response bodies, and the concurrency.</summary>
internal sealed record BenchCase(bool Http2, string Path, int Connections)
{
    private static readonly bool[] Protocols = [false, true];
    private static readonly string[] Paths = [EchoBackend.SmallPath, EchoBackend.LargePath];

    public static IEnumerable<BenchCase> All(IReadOnlyList<int> connections) =>
        from http2 in Protocols
        from path in Paths
        from count in connections
        select new BenchCase(http2, path, count);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Http2 ? "h2c" : "http/1.1")} {(Path == EchoBackend.LargePath ? "16 KiB" : "small")} ×{Connections}");
}
