namespace Tdcc.Mesh.Xds.Validation;

/// <summary>The state of one <see cref="ProtoConstraintValidator.Validate(Google.Protobuf.IMessage)"/> call: where the walk is and what it found.</summary>
internal sealed class ValidationContext
{
    private readonly List<ProtoConstraintViolation> _violations = [];

    public ValidationContext(ProtoConstraintValidator validator)
    {
        Validator = validator;
    }

    /// <summary>The validator, for recursion into embedded messages and Any payloads.</summary>
    public ProtoConstraintValidator Validator { get; }

    public ViolationPath Path { get; } = new();

    /// <summary>How many messages deep the walk is.</summary>
    public int Depth { get; set; }

    /// <summary>Put before every message while the keys of a map are checked.</summary>
    public string MessagePrefix { get; set; } = string.Empty;

    public IReadOnlyList<ProtoConstraintViolation> Violations => _violations;

    public void Report(string rule, string message) =>
        _violations.Add(new ProtoConstraintViolation(Path.ToString(), rule, MessagePrefix + message));
}
