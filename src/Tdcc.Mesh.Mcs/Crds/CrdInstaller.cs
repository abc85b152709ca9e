using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Mcs.Crds;

/// <summary>Applies embedded CRD manifests with server-side apply and polls until they are Established.</summary>
internal sealed partial class CrdInstaller(IKubeClient client, TimeProvider time, ILogger<CrdInstaller> logger) : ICrdInstaller
{
    /// <summary>The field manager of the applied CRDs.</summary>
    public const string FieldManager = "tdcc-mesh-mcs";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Creates an installer for one cluster.</summary>
    public static ICrdInstaller Create(IKubeClient client, TimeProvider? time = null, ILoggerFactory? loggerFactory = null) =>
        new CrdInstaller(client, time ?? TimeProvider.System, (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<CrdInstaller>());

    public async Task InstallAsync(IEnumerable<string> manifests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var crds = client.Resource(CustomResourceDefinition.Resource);
        var names = new List<string>();
        foreach (var manifest in manifests)
        {
            var body = YamlToJson.ConvertObject(McsCrds.Read(manifest));
            var crd = new GenericObject(body);
            var applied = await crds.ApplyAsync(crd, new ApplyOptions(FieldManager) { Force = true }, cancellationToken).ConfigureAwait(false);
            names.Add(applied.Metadata.Name ?? string.Empty);
            Log.Applied(logger, applied.Metadata.Name);
        }

        var typed = client.Resource<CustomResourceDefinition>();
        foreach (var name in names)
        {
            while (true)
            {
                var crd = await typed.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
                if (crd?.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
                {
                    break;
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, EventName = "CrdApplied", Level = LogLevel.Information, Message = "Applied CRD {Crd}")]
        public static partial void Applied(ILogger logger, string? crd);
    }
}
