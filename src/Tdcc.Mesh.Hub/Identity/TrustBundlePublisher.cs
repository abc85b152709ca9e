using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Identity.Sds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Hub.Identity;

/// <summary>
/// Keeps the ConfigMap <see cref="GatewayCsrNames.TrustBundleConfigMap"/> (key <see cref="GatewayCsrNames.TrustBundleKey"/>,
/// the mesh CA certificates, PEM) in the CA Secret's namespace on the hub, so a gateway reads the trust bundle with its
/// hub credentials and without xDS. Leader only; written at start, whenever the member set changes, and checked again
/// every few minutes (someone may have edited or deleted it).
/// </summary>
internal sealed partial class TrustBundlePublisher(IKubeClient hub, GatewaySecretSource identity, ILogger<TrustBundlePublisher> logger) : IReconciler
{
    /// <summary>The one key this controller reconciles.</summary>
    public static readonly ObjectKey Key = ObjectKey.Cluster("trust-bundle");

    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(5);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var authority = identity.Authority;
        var seed = new ConfigMap
        {
            Metadata = new ObjectMeta { Namespace = authority.Options.SecretNamespace, Name = GatewayCsrNames.TrustBundleConfigMap },
        };
        var (result, _) = await hub.Resource<ConfigMap>().CreateOrUpdateAsync(
            seed,
            current => current with
            {
                Data = (current.Data ?? ImmutableDictionary<string, string>.Empty).SetItem(GatewayCsrNames.TrustBundleKey, authority.RootCertificatePem),
                Metadata = current.Metadata with
                {
                    Annotations = (current.Metadata.Annotations ?? ImmutableDictionary<string, string>.Empty).SetItem("mesh.tdcc.io/trust-domain", authority.TrustDomain),
                },
            },
            cancellationToken).ConfigureAwait(false);
        if (result != OperationResult.Unchanged)
        {
            Log.Published(logger, seed.Metadata.Namespace!, seed.Metadata.Name!, authority.RootSerialNumber);
        }

        return new ReconcileResult(Recheck);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8224, Level = LogLevel.Information, Message = "Published the trust bundle {Namespace}/{Name} (root serial {Serial})")]
        public static partial void Published(ILogger logger, string @namespace, string name, string serial);
    }
}
