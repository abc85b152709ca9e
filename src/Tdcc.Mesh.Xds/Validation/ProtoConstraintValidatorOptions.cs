using Google.Protobuf.Reflection;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>Options of a <see cref="ProtoConstraintValidator"/>, read once when it is created.</summary>
public sealed class ProtoConstraintValidatorOptions
{
    /// <summary>
    /// The types whose <c>google.protobuf.Any</c> payloads are unpacked and validated (typed_config, api_listener, ...).
    /// Default: every message of the Envoy protos this repository compiles (<see cref="XdsTypeRegistry.Instance"/>).
    /// </summary>
    public TypeRegistry TypeRegistry { get; init; } = XdsTypeRegistry.Instance;

    /// <summary>
    /// Report an <c>Any</c> whose type the registry does not know (rule <c>any.known_type</c>). Off by default: the
    /// payload of an unknown type is simply not checked. Envoy rejects extensions it does not know, so turn this on to
    /// catch typos in type URLs, at the price of flagging valid extensions that this repository does not compile.
    /// </summary>
    public bool ReportUnknownAnyTypes { get; init; }

    /// <summary>How long one <c>pattern</c> rule may take to match a value before the value is reported.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock of the timestamp rules <c>lt_now</c>, <c>gt_now</c> and <c>within</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How deep messages may nest (Any payloads included) before the walk stops with a violation.</summary>
    public int MaxDepth { get; init; } = 100;
}
