namespace Tdcc.Mesh.ApiServer.Tables;

/// <summary>What each Table row carries besides its cells (<c>includeObject</c>).</summary>
internal enum IncludeObject
{
    None,
    Metadata,
    Object,
}
