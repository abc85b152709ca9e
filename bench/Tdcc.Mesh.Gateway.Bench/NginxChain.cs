using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// nginx as the same two-hop chain as the gateways, tuned fairly: hop A takes plain HTTP/1.1 and h2c from the load
/// generator and proxies over HTTP/1.1 + TLS 1.3 with its client certificate (nginx has no HTTP/2 upstream) to hop B,
/// which requires and verifies the client certificate and proxies to the backend; upstream keep-alive above the
/// concurrency, TLS session reuse, one worker per hop.
/// </summary>
internal sealed class NginxChain : IProxyChain
{
    private readonly List<NginxInstance> _instances;

    private NginxChain(List<NginxInstance> instances, int http1Port, int h2cPort)
    {
        _instances = instances;
        Http1Port = http1Port;
        H2cPort = h2cPort;
    }

    public string Name => "nginx";

    public int Http1Port { get; }

    public int H2cPort { get; }

    public static async Task<NginxChain> StartAsync(string nginx, string directory, ChainCertificates certificates, int backendPort, int keepalive, CancellationToken cancellationToken)
    {
        var instances = new List<NginxInstance>();
        try
        {
            var hopB = LoadGenerators.FreePort();
            var hopAHttp1 = LoadGenerators.FreePort();
            var hopAH2c = LoadGenerators.FreePort();
            var alive = keepalive.ToString(CultureInfo.InvariantCulture);
            instances.Add(await NginxInstance.StartAsync(
                nginx,
                Path.Combine(directory, "nginx-hop-b"),
                $$"""
                    upstream backend { server 127.0.0.1:{{backendPort}}; keepalive {{alive}}; keepalive_requests 1000000; }
                    server {
                        listen 127.0.0.1:{{hopB}} ssl;
                        ssl_protocols TLSv1.3;
                        ssl_certificate {{certificates.CertificateFile("b")}};
                        ssl_certificate_key {{certificates.KeyFile("b")}};
                        ssl_client_certificate {{certificates.CaFile}};
                        ssl_verify_client on;
                        ssl_session_cache shared:hopb:10m;
                        ssl_session_tickets on;
                        location / {
                            proxy_pass http://backend;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                        }
                    }
                """,
                hopB,
                cancellationToken));
            instances.Add(await NginxInstance.StartAsync(
                nginx,
                Path.Combine(directory, "nginx-hop-a"),
                $$"""
                    upstream hopb { server 127.0.0.1:{{hopB}}; keepalive {{alive}}; keepalive_requests 1000000; }
                    server {
                        listen 127.0.0.1:{{hopAHttp1}};
                        listen 127.0.0.1:{{hopAH2c}} http2;
                        location / {
                            proxy_pass https://hopb;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_ssl_protocols TLSv1.3;
                            proxy_ssl_certificate {{certificates.CertificateFile("a")}};
                            proxy_ssl_certificate_key {{certificates.KeyFile("a")}};
                            proxy_ssl_trusted_certificate {{certificates.CaFile}};
                            proxy_ssl_verify on;
                            proxy_ssl_verify_depth 2;
                            proxy_ssl_name hop-b.bench.local;
                            proxy_ssl_session_reuse on;
                        }
                    }
                """,
                hopAHttp1,
                cancellationToken));
            return new NginxChain(instances, hopAHttp1, hopAH2c);
        }
        catch
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _instances.Count - 1; i >= 0; i--)
        {
            await _instances[i].DisposeAsync();
        }
    }
}
