using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Errors;

/// <summary>A failure the server reports to the client as a metav1.Status with kube's code, reason and message.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, string? name = null, string? group = null, string? kind = null, IReadOnlyList<StatusCause>? causes = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Group = group;
        Kind = kind;
        Causes = causes ?? [];
        RetryAfterSeconds = retryAfterSeconds;
    }

    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
        Causes = [];
    }

    public int Code { get; }

    public string Reason { get; }

    public string? Name { get; }

    public string? Group { get; }

    public string? Kind { get; }

    public IReadOnlyList<StatusCause> Causes { get; }

    public int? RetryAfterSeconds { get; }

    public static ApiException NotFound(ResourceDefinition definition, string name) =>
        new(404, "NotFound", $"{definition.QualifiedResource} \"{name}\" not found", name, definition.Group, definition.Resource);

    public static ApiException AlreadyExists(ResourceDefinition definition, string name) =>
        new(409, "AlreadyExists", $"{definition.QualifiedResource} \"{name}\" already exists", name, definition.Group, definition.Resource);

    public static ApiException Conflict(ResourceDefinition definition, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {definition.QualifiedResource} \"{name}\": {detail}", name, definition.Group, definition.Resource);

    public static ApiException Modified(ResourceDefinition definition, string name) =>
        Conflict(definition, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException Invalid(ResourceDefinition definition, string name, IReadOnlyList<StatusCause> causes)
    {
        var details = causes.Count == 1
            ? FormatCause(causes[0])
            : "[" + string.Join(", ", causes.Select(FormatCause)) + "]";
        return new ApiException(422, "Invalid", $"{definition.Kind}{(definition.Group.Length == 0 ? string.Empty : "." + definition.Group)} \"{name}\" is invalid: {details}", name, definition.Group, definition.Kind, causes);
    }

    /// <summary>The metav1.Status body for this failure.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Name is not null || Kind is not null || Causes.Count > 0 || RetryAfterSeconds is not null)
        {
            var details = new JsonObject();
            if (Name is not null)
            {
                details["name"] = Name;
            }

            if (!string.IsNullOrEmpty(Group))
            {
                details["group"] = Group;
            }

            if (Kind is not null)
            {
                details["kind"] = Kind;
            }

            if (Causes.Count > 0)
            {
                details["causes"] = new JsonArray(Causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.Reason,
                    ["message"] = c.Message,
                    ["field"] = c.Field,
                }).ToArray());
            }

            if (RetryAfterSeconds is { } retry)
            {
                details["retryAfterSeconds"] = retry;
            }

            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }

    private static string FormatCause(StatusCause cause) => cause.Field.Length == 0 ? cause.Message : $"{cause.Field}: {cause.Message}";
}
