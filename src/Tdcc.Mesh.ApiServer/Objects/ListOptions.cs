using Tdcc.Mesh.ApiMachinery.Selectors;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>A list or watch request's filters and paging.</summary>
internal sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, int Limit = 0, string? Continue = null)
{
    public static readonly ListOptions Everything = new(LabelSelector.Everything, FieldSelector.Everything);
}
