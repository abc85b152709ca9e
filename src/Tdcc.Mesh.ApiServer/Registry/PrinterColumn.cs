namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>A CRD's additionalPrinterColumns entry.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
