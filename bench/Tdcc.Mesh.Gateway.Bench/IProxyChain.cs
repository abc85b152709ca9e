namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>A two-hop chain under test: where the load generator sends HTTP/1.1 and h2c.</summary>
internal interface IProxyChain : IAsyncDisposable
{
    string Name { get; }

    int Http1Port { get; }

    int H2cPort { get; }
}
