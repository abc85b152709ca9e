using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Distribution.Rendering;

namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>
/// Renders charts with the real helm (<c>helm template --include-crds</c>): from an HTTP repository (<c>--repo</c>) or
/// an OCI registry (<c>oci://</c>), the version (exact or a range; helm picks the highest match), the values written
/// to a private file. helm's cache, config and data homes are a private temporary folder of this instance (removed
/// on dispose), never the user's. Results are cached by (repository, chart, version, release, namespace, values
/// hash) for <see cref="HelmRendererOptions.CacheTtl"/>, so a new chart version in a range is picked up after it;
/// at most <see cref="HelmRendererOptions.CacheCapacity"/> results are kept. Failures are not cached.
/// </summary>
public sealed class HelmChartRenderer : IChartRenderer, IDisposable
{
    private const string ChartLabel = "helm.sh/chart";

    private readonly HelmRendererOptions _options;
    private readonly TimeProvider _time;
    private readonly string _home;
    private readonly HelmProcess _helm;
    private readonly Dictionary<string, (RenderedChart Result, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public HelmChartRenderer(HelmRendererOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _home = Directory.CreateTempSubdirectory("tdcc-helm-").FullName;
        _helm = new HelmProcess(options.HelmPath, new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(_home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(_home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(_home, "data"),
            ["KUBECONFIG"] = Path.Combine(_home, "no-kubeconfig"),
        });
    }

    /// <summary>The private folder holding helm's homes and the values files.</summary>
    public string Home => _home;

    public async Task<RenderedChart> RenderAsync(ChartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = CacheKey(request);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var hit) && hit.Expires > now)
            {
                return hit.Result;
            }
        }

        var rendered = await RenderUncachedAsync(request, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var stale in _cache.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _cache.Remove(stale);
            }

            while (_cache.Count >= Math.Max(1, _options.CacheCapacity))
            {
                _cache.Remove(_cache.MinBy(e => e.Value.Expires).Key);
            }

            _cache[key] = (rendered, _time.GetUtcNow() + _options.CacheTtl);
        }

        return rendered;
    }

    private async Task<RenderedChart> RenderUncachedAsync(ChartRequest request, CancellationToken cancellationToken)
    {
        var valuesFile = Path.Combine(_home, $"values-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(valuesFile, (request.Values ?? []).ToJsonString(), cancellationToken).ConfigureAwait(false);
        try
        {
            List<string> arguments = ["template", request.ReleaseName, .. Source(request), "--namespace", request.Namespace, "--include-crds", "-f", valuesFile];
            var result = await _helm.RunAsync(arguments, _options.Timeout, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new HelmException($"helm template {request}: {result.Message}");
            }

            var manifests = Parse(result.Output, request);
            var version = VersionFromLabels(manifests, request.Chart) ?? await ShowVersionAsync(request, cancellationToken).ConfigureAwait(false);
            return new RenderedChart(request.Chart, version, [.. ManifestOrder.Sort(manifests)]);
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }

    /// <summary>The chart reference and version arguments: <c>chart --repo url</c> or <c>oci://registry/path/chart</c>.</summary>
    private List<string> Source(ChartRequest request)
    {
        List<string> arguments = request.IsOci
            ? [$"{request.Repository.TrimEnd('/')}/{request.Chart}", .. _options.OciPlainHttp ? ["--plain-http"] : Array.Empty<string>()]
            : [request.Chart, "--repo", request.Repository];
        if (!string.IsNullOrEmpty(request.Version))
        {
            arguments.AddRange(["--version", request.Version]);
        }

        return arguments;
    }

    private static List<JsonObject> Parse(string output, ChartRequest request)
    {
        try
        {
            return [.. YamlToJson.ConvertAll(output).OfType<JsonObject>().Where(m => m["kind"] is not null)];
        }
        catch (YamlToJsonException e)
        {
            throw new HelmException($"helm template {request}: the rendered output is not valid YAML: {e.Message}", e);
        }
    }

    /// <summary>The version from a rendered object's <c>helm.sh/chart</c> label (<c>name-version</c>), if any carries it.</summary>
    private static string? VersionFromLabels(IEnumerable<JsonObject> manifests, string chart)
    {
        var prefix = chart + "-";
        foreach (var manifest in manifests)
        {
            if (manifest["metadata"]?["labels"]?[ChartLabel] is JsonValue value && value.TryGetValue<string>(out var label) && label.StartsWith(prefix, StringComparison.Ordinal))
            {
                return label[prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>The version <c>helm show chart</c> resolves the request to (for charts whose objects carry no chart label).</summary>
    private async Task<string> ShowVersionAsync(ChartRequest request, CancellationToken cancellationToken)
    {
        var result = await _helm.RunAsync(["show", "chart", .. Source(request)], _options.Timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new HelmException($"helm show chart {request}: {result.Message}");
        }

        return YamlToJson.Convert(result.Output)?["version"]?.ToString() ?? throw new HelmException($"helm show chart {request}: no version in Chart.yaml");
    }

    private static string CacheKey(ChartRequest request)
    {
        var values = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes((request.Values ?? []).ToJsonString())));
        return string.Join('\n', request.Repository, request.Chart, request.Version ?? string.Empty, request.ReleaseName, request.Namespace, values);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A helm still running (cancelled) may hold a file; the temporary folder is left.
        }
    }
}
