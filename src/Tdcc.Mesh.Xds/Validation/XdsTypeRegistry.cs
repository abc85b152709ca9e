using System.Reflection;
using Envoy.Config.Listener.V3;
using Google.Protobuf.Reflection;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// Every message type of <c>Tdcc.Mesh.Xds.Protos</c>: the files its csproj compiles (found through their generated
/// <c>*Reflection</c> classes, so a root added there is picked up here) and, recursively, their imports, the
/// well-known types included. A <see cref="TypeRegistry"/> is immutable, so one instance is shared.
/// </summary>
public static class XdsTypeRegistry
{
    /// <summary>The registry of every compiled Envoy, xDS, googleapis and well-known message type.</summary>
    public static TypeRegistry Instance { get; } = TypeRegistry.FromFiles(CompiledFiles());

    private static FileDescriptor[] CompiledFiles() =>
        [.. typeof(Listener).Assembly.GetExportedTypes()
            .Where(type => type.IsAbstract && type.IsSealed && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()];
}
