using System.Net;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>How one cluster's kubelet runs process pods.</summary>
/// <param name="Images">The images run as processes.</param>
/// <param name="MaxProcesses">The most processes the cluster runs at once; containers past it wait (<c>ProcessLimitReached</c>).</param>
/// <param name="PodsDirectory">Where each pod gets a directory (service account files, logs).</param>
/// <param name="ApiServerHost">The API server's secure address as pods reach it (<c>KUBERNETES_SERVICE_HOST</c>); null when there is none.</param>
/// <param name="ApiServerPort">Its port (<c>KUBERNETES_SERVICE_PORT</c>).</param>
/// <param name="CertificateAuthorityPem">The cluster CA pods trust (<c>ca.crt</c>).</param>
/// <param name="MaxLogBytes">Bytes of log one container instance keeps before rotating (twice this at most on disk).</param>
/// <param name="MaxTerminationGrace">The longest SIGTERM-to-SIGKILL wait, whatever the pod asks.</param>
internal sealed record ProcessRuntimeSettings(
    IReadOnlyList<ProcessImage> Images,
    int MaxProcesses,
    string PodsDirectory,
    IPAddress? ApiServerHost,
    int ApiServerPort,
    string? CertificateAuthorityPem,
    long MaxLogBytes,
    TimeSpan MaxTerminationGrace);
