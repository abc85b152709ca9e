namespace Tdcc.Mesh.ApiServer.Errors;

/// <summary>One metav1.StatusCause: a field-level reason for an Invalid error.</summary>
internal sealed record StatusCause(string Reason, string Message, string Field);
