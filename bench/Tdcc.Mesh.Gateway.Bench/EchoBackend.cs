using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// The backend both chains end at: nginx with one worker answering <c>/small</c> (13 bytes) and <c>/16k</c> (16 KiB),
/// so the backend costs the same CPU whichever chain is measured.
/// </summary>
internal sealed class EchoBackend : IAsyncDisposable
{
    public const string SmallPath = "/small";
    public const string LargePath = "/16k";
    public const int SmallLength = 13;
    public const int LargeLength = 16 * 1024;

    private readonly NginxInstance _nginx;

    private EchoBackend(NginxInstance nginx, int port, int h2cPort)
    {
        _nginx = nginx;
        Port = port;
        H2cPort = h2cPort;
    }

    /// <summary>HTTP/1.1.</summary>
    public int Port { get; }

    /// <summary>Prior-knowledge h2c (what a gateway speaks to an <c>h2c</c> service port).</summary>
    public int H2cPort { get; }

    public static async Task<EchoBackend> StartAsync(string nginx, string directory, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(directory, "nginx-backend");
        Directory.CreateDirectory(prefix);
        var large = Path.Combine(prefix, "16k.bin");
        await File.WriteAllBytesAsync(large, Enumerable.Repeat((byte)'x', LargeLength).ToArray(), cancellationToken);
        var port = LoadGenerators.FreePort();
        var h2cPort = LoadGenerators.FreePort();
        var instance = await NginxInstance.StartAsync(
            nginx,
            prefix,
            string.Create(
                CultureInfo.InvariantCulture,
                $$"""
                    server {
                        listen 127.0.0.1:{{port}};
                        listen 127.0.0.1:{{h2cPort}} http2;
                        location = {{SmallPath}} { return 200 "hello from b\n"; }
                        location = {{LargePath}} { alias {{large}}; }
                    }
                """),
            port,
            cancellationToken);
        return new EchoBackend(instance, port, h2cPort);
    }

    public ValueTask DisposeAsync() => _nginx.DisposeAsync();
}
