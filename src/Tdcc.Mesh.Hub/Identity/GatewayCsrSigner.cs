using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Sds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Hub.Identity;

/// <summary>
/// The hub's signer of gateway certificates (leader only): for each CertificateSigningRequest with signer
/// <see cref="GatewayCsrNames.SignerName"/> that is neither approved nor denied, approves it (reason
/// <c>TdccGatewayApproved</c>) when <see cref="GatewayCsrReview"/> finds nothing wrong, else denies it with the problem
/// as the condition message (and a log line naming the CSR). An approved request (by this controller or by
/// <c>kubectl certificate approve</c>) is signed by the mesh CA over the request's public key, for
/// <c>spec.expirationSeconds</c> bounded by the CA's leaf lifetime, and <c>status.certificate</c> gets the leaf and the
/// CA certificate (PEM). A request that cannot be signed gets a Failed condition.
/// </summary>
internal sealed partial class GatewayCsrSigner(
    IKubeClient hub,
    IInformerStore<CertificateSigningRequest> requests,
    IInformerStore<ManagedCluster> clusters,
    GatewaySecretSource identity,
    TimeProvider time,
    ILogger<GatewayCsrSigner> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (requests.GetByKey(key) is not { } csr
            || !string.Equals(csr.Spec?.SignerName, GatewayCsrNames.SignerName, StringComparison.Ordinal)
            || csr.Condition(CertificateSigningRequest.Denied) is not null
            || csr.Condition(CertificateSigningRequest.Failed) is not null
            || csr.Status?.Certificate is { Length: > 0 })
        {
            return ReconcileResult.Done;
        }

        var name = csr.Metadata.Name ?? string.Empty;
        var authority = identity.Authority;
        var (request, id, cluster, problem) = GatewayCsrReview.Parse(csr, authority.TrustDomain);
        var client = hub.Resource<CertificateSigningRequest>();
        if (csr.Condition(CertificateSigningRequest.Approved) is null)
        {
            problem ??= GatewayCsrReview.ClusterProblem(cluster!, clusters.GetByKey(ObjectKey.Cluster(cluster!)), csr.Spec?.Username);
            if (problem is not null)
            {
                Log.Denied(logger, name, problem);
                await client.UpdateApprovalAsync(WithCondition(csr, CertificateSigningRequest.Denied, "TdccGatewayDenied", problem), cancellationToken: cancellationToken).ConfigureAwait(false);
                return ReconcileResult.Done;
            }

            Log.Approved(logger, name, cluster!);
            csr = await client.UpdateApprovalAsync(
                WithCondition(csr, CertificateSigningRequest.Approved, "TdccGatewayApproved", $"cluster {cluster} is a joined, Ready member of the clusterset"),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (problem is not null)
        {
            Log.Failed(logger, name, problem);
            await client.UpdateStatusAsync(WithCondition(csr, CertificateSigningRequest.Failed, "TdccGatewaySignerFailed", problem), cancellationToken: cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        TimeSpan? requested = csr.Spec?.ExpirationSeconds is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null;
        var signed = authority.IssueForPublicKey(id!, request!.PublicKey, requested);
        await client.UpdateStatusAsync(
            csr with { Status = (csr.Status ?? new CertificateSigningRequestStatus()) with { Certificate = Encoding.UTF8.GetBytes(signed.CertificateChainPem) } },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.Signed(logger, name, signed.SpiffeId, signed.SerialNumber, signed.NotAfter);
        return ReconcileResult.Done;
    }

    private CertificateSigningRequest WithCondition(CertificateSigningRequest csr, string type, string reason, string message)
    {
        var now = time.GetUtcNow();
        var condition = new CertificateSigningRequestCondition { Type = type, Status = "True", Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };
        var status = csr.Status ?? new CertificateSigningRequestStatus();
        return csr with { Status = status with { Conditions = (status.Conditions ?? ImmutableArray<CertificateSigningRequestCondition>.Empty).Add(condition) } };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8220, Level = LogLevel.Information, Message = "Approved gateway certificate request {Csr} of cluster {Cluster}")]
        public static partial void Approved(ILogger logger, string csr, string cluster);

        [LoggerMessage(EventId = 8221, Level = LogLevel.Warning, Message = "Denied gateway certificate request {Csr}: {Reason}")]
        public static partial void Denied(ILogger logger, string csr, string reason);

        [LoggerMessage(EventId = 8222, Level = LogLevel.Information, Message = "Signed gateway certificate request {Csr}: {SpiffeId}, serial {Serial}, valid until {NotAfter}")]
        public static partial void Signed(ILogger logger, string csr, SpiffeId spiffeId, string serial, DateTimeOffset notAfter);

        [LoggerMessage(EventId = 8223, Level = LogLevel.Warning, Message = "Could not sign the approved gateway certificate request {Csr}: {Reason}")]
        public static partial void Failed(ILogger logger, string csr, string reason);
    }
}
