using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// A fact that needs Linux network namespaces (root and iproute2). Without them it is skipped, saying so, except under
/// <c>CI=true</c>, where it runs and fails: CI runs as root, so a namespace it cannot make is a defect.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NamespacesFactAttribute : FactAttribute
{
    public NamespacesFactAttribute()
    {
        if (!PeerTools.IsCi && !SandboxNetwork.IsSupported())
        {
            Skip = "needs Linux network namespaces (run as root with iproute2); under CI=true it always runs and fails without them.";
        }
    }
}
