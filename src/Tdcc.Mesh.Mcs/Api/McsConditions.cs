namespace Tdcc.Mesh.Mcs.Api;

/// <summary>Condition types and reasons of ServiceExport and ServiceImport (KEP-1645).</summary>
public static class McsConditions
{
    /// <summary>ServiceExport: whether the export names a Service that can be exported.</summary>
    public const string Valid = "Valid";

    /// <summary>ServiceExport: whether the export has been published; ServiceImport: whether the import is usable.</summary>
    public const string Ready = "Ready";

    /// <summary>ServiceExport: whether this export takes part in a conflict with other clusters' exports of the service (it disagrees, or its value wins over one that does).</summary>
    public const string Conflict = "Conflict";

    /// <summary>
    /// ServiceExport: whether some member cluster lacks the service's namespace, so it gets no ServiceImport and no
    /// clusterset DNS name (KEP-1645 namespace sameness: imports go only where the namespace exists). Not a KEP
    /// condition: it tells the exporter why a member does not see the service.
    /// </summary>
    public const string NamespaceMissing = "NamespaceMissing";

    /// <summary>Reasons a user sees.</summary>
    public static class Reasons
    {
        public const string Valid = "Valid";
        public const string NoService = "NoService";
        public const string InvalidServiceType = "InvalidServiceType";
        public const string Exported = "Exported";
        public const string Ready = "Ready";
        public const string Pending = "Pending";
        public const string Failed = "Failed";
        public const string IPFamilyNotSupported = "IPFamilyNotSupported";
        public const string NoConflicts = "NoConflicts";
        public const string NamespaceMissing = "NamespaceMissing";
        public const string NamespacePresent = "NamespacePresent";
        public const string PortConflict = "PortConflict";
        public const string TypeConflict = "TypeConflict";
        public const string SessionAffinityConflict = "SessionAffinityConflict";
        public const string SessionAffinityConfigConflict = "SessionAffinityConfigConflict";
        public const string AnnotationsConflict = "AnnotationsConflict";
        public const string LabelsConflict = "LabelsConflict";
        public const string InternalTrafficPolicyConflict = "InternalTrafficPolicyConflict";
        public const string TrafficDistributionConflict = "TrafficDistributionConflict";
        public const string IPFamilyConflict = "IPFamilyConflict";
    }
}
