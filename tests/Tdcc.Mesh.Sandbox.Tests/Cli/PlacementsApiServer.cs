using System.CommandLine;
using System.Text.Json;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Crds;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// A hub API server serving the distribution CRDs with namespace <c>shop</c>, where the placements tests write
/// Subscriptions with the status the hub would write, and run <c>kubectl tdcc placements</c> against it.
/// </summary>
internal sealed class PlacementsApiServer : IAsyncDisposable
{
    private readonly KubeApiServer _server;
    private readonly KubeClient _client;
    private readonly KubectlSession _session;

    private PlacementsApiServer(KubeApiServer server, KubeClient client, KubectlSession session)
    {
        _server = server;
        _client = client;
        _session = session;
    }

    public static async Task<PlacementsApiServer> StartAsync()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-tests").InstallAsync(DistributionCrds.Hub.Select(DistributionCrds.Read));
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        return new PlacementsApiServer(server, client, await KubectlSession.StartAsync(server.BaseAddress, "hub"));
    }

    /// <summary>Creates the Subscription <paramref name="subscriptionJson"/> and, when given, writes <paramref name="statusJson"/> as its status.</summary>
    public async Task CreateAsync(string subscriptionJson, string? statusJson = null)
    {
        var created = await _client.Resource<Subscription>().CreateAsync(JsonSerializer.Deserialize(subscriptionJson, Subscription.JsonTypeInfo)!);
        if (statusJson is not null)
        {
            await _client.Resource<Subscription>().UpdateStatusAsync(created with { Status = JsonSerializer.Deserialize(statusJson, DistributionJsonContext.Default.SubscriptionStatus) });
        }
    }

    /// <summary>Runs <c>placements</c> with <paramref name="args"/> and this server's kubeconfig, as a piped terminal would.</summary>
    public async Task<(int Exit, string Output)> PlacementsAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns: null);
        var root = new RootCommand { PlacementsCommand.Create(console) };
        var exit = await root.Parse(["placements", .. args, "--kubeconfig", _session.KubeconfigPath]).InvokeAsync();
        return (exit, writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        _session.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
    }
}
