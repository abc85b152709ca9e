namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>A cluster a filter rejected: which filter, why (a sentence for users), and what happens to existing replicas.</summary>
public sealed record ClusterRejection(string Cluster, string Filter, string Reason, RejectionEffect Effect);
