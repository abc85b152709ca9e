using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Crds;

/// <summary>
/// Installs CustomResourceDefinitions given as YAML manifests into one cluster: server-side apply (forced, so a newer
/// build's schema replaces an older one), then polls until every CRD is Established.
/// </summary>
public sealed partial class CrdInstaller
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IKubeClient _client;
    private readonly string _fieldManager;
    private readonly TimeProvider _time;
    private readonly ILogger<CrdInstaller> _logger;

    /// <summary>An installer for the cluster of <paramref name="client"/>, applying as <paramref name="fieldManager"/>.</summary>
    public CrdInstaller(IKubeClient client, string fieldManager, TimeProvider? time = null, ILogger<CrdInstaller>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        _client = client;
        _fieldManager = fieldManager;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<CrdInstaller>.Instance;
    }

    /// <summary>Applies every manifest (YAML text of one CRD) and waits until each is Established.</summary>
    public async Task InstallAsync(IEnumerable<string> manifests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var crds = _client.Resource(CustomResourceDefinition.Resource);
        var names = new List<string>();
        foreach (var manifest in manifests)
        {
            var applied = await crds.ApplyAsync(new GenericObject(YamlToJson.ConvertObject(manifest)), new ApplyOptions(_fieldManager) { Force = true }, cancellationToken).ConfigureAwait(false);
            names.Add(applied.Metadata.Name ?? string.Empty);
            LogApplied(_logger, applied.Metadata.Name);
        }

        var typed = _client.Resource<CustomResourceDefinition>();
        foreach (var name in names)
        {
            while (true)
            {
                var crd = await typed.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
                if (crd?.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
                {
                    break;
                }

                await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4000, EventName = "CrdApplied", Level = LogLevel.Information, Message = "Applied CRD {Crd}")]
    private static partial void LogApplied(ILogger logger, string? crd);
}
