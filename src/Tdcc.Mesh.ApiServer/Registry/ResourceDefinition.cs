using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiServer.Registry;

/// <summary>Everything the server knows about one served resource in one group/version. Immutable and shared.</summary>
internal sealed record ResourceDefinition
{
    /// <summary>The verbs of an ordinary resource.</summary>
    public static readonly ImmutableArray<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>The plural resource name, e.g. <c>deployments</c>.</summary>
    public required string Resource { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public ImmutableArray<string> ShortNames { get; init; } = [];

    public ImmutableArray<string> Categories { get; init; } = [];

    public ImmutableArray<string> Verbs { get; init; } = AllVerbs;

    /// <summary>True when the resource has a status subresource (status is then written only through it).</summary>
    public bool HasStatus { get; init; }

    public ScaleSubresource? Scale { get; init; }

    /// <summary>True when the resource has an <c>approval</c> subresource (CertificateSigningRequests: only the conditions are written through it).</summary>
    public bool HasApproval { get; init; }

    /// <summary>True when metadata.generation is kept.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Name rule: true for DNS-1123 labels (namespaces, services), false for subdomains.</summary>
    public bool NameIsLabel { get; init; }

    /// <summary>True for resources served from a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>True for the version objects are stored in (CRDs with several versions).</summary>
    public bool Storage { get; init; } = true;

    /// <summary>The CRD's openAPIV3Schema for this version, if any.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>The parsed structural schema, when <see cref="Schema"/> is one.</summary>
    public StructuralSchema? Structural { get; init; }

    /// <summary>additionalPrinterColumns of a CRD version.</summary>
    public ImmutableArray<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>Fields a field selector may name besides metadata.name and metadata.namespace.</summary>
    public ImmutableArray<string> SelectableFields { get; init; } = [];

    /// <summary>The qualified resource used as the storage key and in messages: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Resource : Resource + "." + Group;

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string ListKind => Kind + "List";

    /// <summary>The URL prefix of the group version: <c>/api/v1</c> or <c>/apis/apps/v1</c>.</summary>
    public string GroupVersionPath => Group.Length == 0 ? "/api/" + Version : "/apis/" + Group + "/" + Version;
}
