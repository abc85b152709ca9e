using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

internal static class TestObjects
{
    public static ConfigMap ConfigMap(string ns, string name, string? value = null, ImmutableDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = labels },
        Data = value is null ? null : ImmutableDictionary<string, string>.Empty.Add("value", value),
    };

    /// <summary>Instruments on a meter of their own, so tests don't share measurements.</summary>
    public static RuntimeInstruments Instruments() => new(new Meter("Test." + Guid.NewGuid().ToString("N")));
}
