using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Crds;

/// <summary>
/// The one way TDCC installs its CustomResourceDefinitions into a cluster: server-side apply under a field manager
/// (forced, so a newer build's schema, versions and printer columns replace an older one's, whoever created the CRD),
/// then waits until every CRD is Established; a CRD whose names the server refuses (NamesAccepted=False) fails the
/// install with the server's message instead of waiting forever.
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
    public Task InstallAsync(IEnumerable<string> manifests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        return InstallAsync(manifests.Select(static manifest => YamlToJson.ConvertObject(manifest)), cancellationToken);
    }

    /// <summary>Applies every CRD (as JSON) and waits until each is Established.</summary>
    public async Task InstallAsync(IEnumerable<JsonObject> crds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crds);
        var resource = _client.Resource(CustomResourceDefinition.Resource);
        var names = new List<string>();
        foreach (var crd in crds)
        {
            var applied = await resource.ApplyAsync(new GenericObject(crd), new ApplyOptions(_fieldManager) { Force = true }, cancellationToken).ConfigureAwait(false);
            names.Add(applied.Metadata.Name ?? string.Empty);
            LogApplied(_logger, applied.Metadata.Name, _fieldManager);
        }

        var typed = _client.Resource<CustomResourceDefinition>();
        foreach (var name in names)
        {
            while (true)
            {
                var crd = await typed.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
                var conditions = crd?.Status?.Conditions ?? [];
                if (conditions.Any(c => c.Type == "Established" && c.Status == "True"))
                {
                    break;
                }

                if (conditions.FirstOrDefault(c => c.Type == "NamesAccepted" && c.Status == "False") is { } refused)
                {
                    throw new InvalidOperationException($"CustomResourceDefinition {name} was not established: {refused.Reason}: {refused.Message}");
                }

                await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 1600, EventName = "CrdApplied", Level = LogLevel.Information, Message = "Applied CRD {Crd} as {FieldManager}")]
    private static partial void LogApplied(ILogger logger, string? crd, string fieldManager);
}
