namespace Tdcc.Mesh.Mcs.Crds;

/// <summary>Installs CRDs into one cluster.</summary>
public interface ICrdInstaller
{
    /// <summary>Applies the embedded manifests (server-side apply, forced) and waits until each CRD is Established.</summary>
    Task InstallAsync(IEnumerable<string> manifests, CancellationToken cancellationToken = default);
}
