using System.Net;
using Tdcc.Mesh.Metrics.Hosting;
using Tdcc.Mesh.Metrics.Tests.Collection;

namespace Tdcc.Mesh.Metrics.Tests.Hosting;

public sealed class MetricsServerTests
{
    [Fact]
    public async Task StartAsync_Scrape_ServesTextFormat()
    {
        using var test = new TestMeter();
        test.Meter.CreateCounter<int>("served").Add(4);
        await using var server = await MetricsServer.StartAsync(test.Exporter, new IPEndPoint(IPAddress.Loopback, 0));
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.Address);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; version=0.0.4; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).Should().Contain("served_total 4\n");
        server.Address.AbsolutePath.Should().Be("/metrics");
    }

    [Fact]
    public async Task StartAsync_OtherPath_NotFound()
    {
        using var test = new TestMeter();
        await using var server = await MetricsServer.StartAsync(test.Exporter, new IPEndPoint(IPAddress.Loopback, 0));
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.Address, "/other"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
