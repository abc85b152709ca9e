using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Tests.Solution;

/// <summary>
/// The registry of log event ids (docs/logging.md): every <c>[LoggerMessage]</c> in every TDCC assembly has an explicit
/// id, inside its assembly's range, and no two messages in the solution share one. This test project references every
/// assembly that logs (the sandbox and the CLI pull in the rest), so all of them are in its output directory.
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>The ranges of docs/logging.md; a new logging assembly adds its range here and there.</summary>
    private static readonly Dictionary<string, (int From, int To)[]> Ranges = new(StringComparer.Ordinal)
    {
        ["Tdcc.Mesh.Clusters"] = [(100, 299)],
        ["Tdcc.Mesh.Sandbox"] = [(300, 399), (7000, 7999)],
        ["Tdcc.Mesh.Kube"] = [(1000, 1099)],
        ["Tdcc.Mesh.Kube.Runtime"] = [(1100, 1999)],
        ["Tdcc.Mesh.ApiServer"] = [(2000, 2999)],
        ["Tdcc.Mesh.Grpc"] = [(3000, 3099)],
        ["Tdcc.Mesh.Xds"] = [(3100, 3999)],
        ["Tdcc.Mesh.Dns"] = [(4000, 4099)],
        ["Tdcc.Mesh.Mcs"] = [(4100, 4999)],
        ["Tdcc.Mesh.Identity"] = [(5000, 5019), (5030, 5099)],
        ["Tdcc.Mesh.Identity.Sds"] = [(5020, 5029)],
        ["Tdcc.Mesh.Policy"] = [(5100, 5199)],
        ["Tdcc.Mesh.GatewayApi"] = [(5200, 5299)],
        ["Tdcc.Mesh.Cli"] = [(8000, 8099)],
        ["Tdcc.Mesh.Metrics"] = [(8100, 8199)],
        ["Tdcc.Mesh.Hub"] = [(8200, 8299)],
        ["Tdcc.Mesh.Agent"] = [(8300, 8399)],
        ["Tdcc.Mesh.Hosting"] = [(8400, 8499)],
        ["Tdcc.Mesh.Gateway"] = [(8500, 8599)],
        ["Tdcc.Mesh.Xds.Client"] = [(8600, 8649)],
    };

    [Fact]
    public void LoggerMessages_AllAssemblies_IdsExplicitUniqueAndInTheirRange()
    {
        var messages = LoggerMessages().ToList();

        messages.Should().HaveCountGreaterThan(100, "the scan must see the solution's log messages, or it proves nothing");
        messages.Where(m => m.Id <= 0).Select(m => m.Where).Should().BeEmpty("every [LoggerMessage] names its EventId");
        messages.Where(m => !InRange(m.Assembly, m.Id)).Select(m => $"{m.Where}: {m.Id}").Should()
            .BeEmpty("each id lies in its assembly's range of docs/logging.md (a new assembly adds its range there and in this test)");
        messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").Should()
            .BeEmpty("two log messages sharing an EventId cannot be told apart");
    }

    [Fact]
    public void Ranges_NoTwoAssemblies_Overlap()
    {
        var ranges = Ranges.SelectMany(r => r.Value.Select(v => (Assembly: r.Key, v.From, v.To))).OrderBy(r => r.From).ToList();

        ranges.Zip(ranges.Skip(1)).Where(p => p.Second.From <= p.First.To).Should().BeEmpty();
    }

    private static bool InRange(string assembly, int id) =>
        Ranges.TryGetValue(assembly, out var ranges) && ranges.Any(r => id >= r.From && id <= r.To);

    private static IEnumerable<(string Assembly, int Id, string Where)> LoggerMessages()
    {
        var files = Directory.GetFiles(AppContext.BaseDirectory, "Tdcc.Mesh.*.dll")
            .Where(f => !Path.GetFileName(f).EndsWith(".Tests.dll", StringComparison.Ordinal) && Path.GetFileName(f) != "Tdcc.Mesh.Testing.dll");
        foreach (var file in files)
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(file));
            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types;
            }

            foreach (var type in types.OfType<Type>())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                    {
                        yield return (assembly.GetName().Name!, attribute.EventId, $"{type.FullName}.{method.Name}");
                    }
                }
            }
        }
    }
}
