using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Testing.Helm;

/// <summary>
/// A local chart source over HTTP for tests, driven by the real helm: charts written from files, packaged with
/// <c>helm package</c> and indexed with <c>helm repo index</c>, served as a classic chart repository at
/// <see cref="RepositoryUrl"/> (<c>index.yaml</c> and the <c>.tgz</c> files), and as a minimal OCI distribution registry
/// at <see cref="OciReference"/> (only what <c>helm pull oci://</c> needs: <c>/v2/</c>, tag lists, manifests and blobs,
/// with the Helm media types). Plain HTTP on 127.0.0.1, a random port.
/// </summary>
public sealed class ChartRepositoryServer : IAsyncDisposable
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string ConfigType = "application/vnd.cncf.helm.config.v1+json";
    private const string ChartType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private readonly WebApplication _app;
    private readonly string _root;
    private readonly string _served;
    private readonly string _helm;
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Repository, string Tag), string> _tags = new();

    private ChartRepositoryServer(WebApplication app, string root, string helm)
    {
        _app = app;
        _root = root;
        _served = Path.Combine(root, "served");
        _helm = helm;
        _environment = new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(root, "helm", "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(root, "helm", "config"),
            ["HELM_DATA_HOME"] = Path.Combine(root, "helm", "data"),
            ["KUBECONFIG"] = Path.Combine(root, "helm", "no-kubeconfig"),
        };
    }

    /// <summary>The base URL (<c>http://127.0.0.1:port</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The classic chart repository's URL (serves <c>index.yaml</c>).</summary>
    public string RepositoryUrl => new Uri(BaseAddress, "charts").ToString();

    /// <summary>The OCI reference of the charts' repository (<c>oci://127.0.0.1:port/charts</c>); a chart is <c>{this}/{name}</c>.</summary>
    public string OciReference => $"oci://{BaseAddress.Authority}/charts";

    /// <summary>How many requests were served (index and chart fetches; shows caching).</summary>
    public int Requests { get; private set; }

    /// <summary>Starts the server; <paramref name="helm"/> is the helm executable used to package and index.</summary>
    public static async Task<ChartRepositoryServer> StartAsync(string helm)
    {
        ArgumentNullException.ThrowIfNull(helm);
        var root = Directory.CreateTempSubdirectory("tdcc-chart-repo-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "served"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ChartRepositoryServer(app, root, helm);
        app.Use(async (context, next) =>
        {
            server.Requests++;
            await next(context);
        });
        app.MapGet("/charts/{file}", (string file) => server.ServeFile(file));
        app.MapMethods("/v2/", ["GET", "HEAD"], () => Results.Json(new Dictionary<string, string>()));
        app.MapGet("/v2/charts/{name}/tags/list", (string name) => server.Tags(name));
        app.MapMethods("/v2/charts/{name}/manifests/{reference}", ["GET", "HEAD"], (string name, string reference, HttpContext context) => server.Manifest(name, reference, context));
        app.MapMethods("/v2/charts/{name}/blobs/{digest}", ["GET", "HEAD"], (string name, string digest, HttpContext context) => server.Blob(digest, context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// Adds chart <paramref name="name"/> at <paramref name="version"/> with <paramref name="files"/> (paths relative to
    /// the chart folder, e.g. <c>templates/cm.yaml</c>, <c>crds/x.yaml</c>, <c>values.yaml</c>); packages it, re-indexes
    /// the repository and publishes it in the OCI registry too.
    /// </summary>
    public async Task AddChartAsync(string name, string version, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var source = Path.Combine(_root, "src", $"{name}-{version}", name);
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "Chart.yaml"), $"apiVersion: v2\nname: {name}\nversion: {version}\ndescription: test chart\n");
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(source, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }

        await HelmAsync("package", source, "--destination", _served);
        await HelmAsync("repo", "index", _served, "--url", RepositoryUrl);

        var chart = await File.ReadAllBytesAsync(Path.Combine(_served, $"{name}-{version}.tgz"));
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["apiVersion"] = "v2", ["name"] = name, ["version"] = version });
        var manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{ManifestType}}",
             "config":{"mediaType":"{{ConfigType}}","digest":"{{Put(config)}}","size":{{config.Length}}},
             "layers":[{"mediaType":"{{ChartType}}","digest":"{{Put(chart)}}","size":{{chart.Length}}}]}
            """);
        _tags[(name, version)] = Put(manifest);
    }

    private async Task HelmAsync(params string[] arguments)
    {
        var result = await PeerTools.RunAsync(_helm, arguments, environment: _environment, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"helm {string.Join(' ', arguments)} failed: {result.StandardError}");
        }
    }

    private string Put(byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        _blobs[digest] = content;
        return digest;
    }

    private IResult ServeFile(string file)
    {
        var path = Path.Combine(_served, Path.GetFileName(file));
        return File.Exists(path)
            ? Results.File(File.ReadAllBytes(path), file.EndsWith(".yaml", StringComparison.Ordinal) ? "application/x-yaml" : "application/gzip")
            : Results.NotFound();
    }

    private IResult Tags(string name)
    {
        var tags = _tags.Keys.Where(k => k.Repository == name).Select(k => k.Tag).Order(StringComparer.Ordinal).ToList();
        return tags.Count == 0
            ? Results.Json(new { errors = new[] { new { code = "NAME_UNKNOWN", message = "repository name not known to registry" } } }, statusCode: 404)
            : Results.Json(new { name = $"charts/{name}", tags });
    }

    private IResult Manifest(string name, string reference, HttpContext context)
    {
        var digest = reference.StartsWith("sha256:", StringComparison.Ordinal) ? reference : _tags.GetValueOrDefault((name, reference));
        if (digest is null || !_blobs.TryGetValue(digest, out var content))
        {
            return Results.Json(new { errors = new[] { new { code = "MANIFEST_UNKNOWN", message = "manifest unknown" } } }, statusCode: 404);
        }

        return Content(content, ManifestType, digest, context);
    }

    private IResult Blob(string digest, HttpContext context) =>
        _blobs.TryGetValue(digest, out var content)
            ? Content(content, "application/octet-stream", digest, context)
            : Results.Json(new { errors = new[] { new { code = "BLOB_UNKNOWN", message = "blob unknown to registry" } } }, statusCode: 404);

    private static IResult Content(byte[] content, string type, string digest, HttpContext context)
    {
        context.Response.Headers["Docker-Content-Digest"] = digest;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = type;
            context.Response.ContentLength = content.Length;
            return Results.Empty;
        }

        return Results.Bytes(content, type);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
