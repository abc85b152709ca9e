using System.Collections.Immutable;

namespace Tdcc.Mesh.MeshModel.Ingress;

/// <summary>An HTTPRoute filter, one of the subclasses below (the core and extended filters of the standard channel).</summary>
public abstract record IngressFilter;

/// <summary><c>RequestHeaderModifier</c> or <c>ResponseHeaderModifier</c>: set (replace), add (append), remove.</summary>
/// <param name="Response">True for <c>ResponseHeaderModifier</c>.</param>
/// <param name="Set">Headers to set, replacing any value.</param>
/// <param name="Add">Headers to add, keeping values already there.</param>
/// <param name="Remove">Header names to remove.</param>
public sealed record HeaderModifierFilter(
    bool Response,
    ImmutableArray<KeyValuePair<string, string>> Set,
    ImmutableArray<KeyValuePair<string, string>> Add,
    ImmutableArray<string> Remove) : IngressFilter;

/// <summary><c>RequestRedirect</c>: answered at the gateway with a redirect; null parts keep the request's.</summary>
/// <param name="Scheme">http or https.</param>
/// <param name="Hostname">The new host.</param>
/// <param name="Path">The new path.</param>
/// <param name="Port">The new port (the scheme's default port is left out of Location).</param>
/// <param name="StatusCode">301 or 302 (default 302).</param>
public sealed record RedirectFilter(string? Scheme, string? Hostname, IngressPathModifier? Path, int? Port, int StatusCode) : IngressFilter;

/// <summary><c>URLRewrite</c>: the request goes to the backend with a new host and/or path.</summary>
/// <param name="Hostname">The new Host; null: unchanged.</param>
/// <param name="Path">The new path; null: unchanged.</param>
public sealed record RewriteFilter(string? Hostname, IngressPathModifier? Path) : IngressFilter;

/// <summary><c>RequestMirror</c>: a copy of the request goes to another backend, its answer ignored.</summary>
/// <param name="Backend">Where the copy goes.</param>
/// <param name="Percent">The share of requests mirrored, 0 to 100 (default 100).</param>
public sealed record MirrorFilter(IngressBackend Backend, double Percent) : IngressFilter;

/// <summary>A path change of a redirect or rewrite.</summary>
/// <param name="FullPath">True: <c>ReplaceFullPath</c> with <see cref="Value"/>; false: <c>ReplacePrefixMatch</c> (the matched prefix replaced).</param>
/// <param name="Value">The new path or prefix.</param>
public sealed record IngressPathModifier(bool FullPath, string Value);
