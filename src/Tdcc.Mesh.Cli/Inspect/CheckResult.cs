namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>The outcome of one check of <c>kubectl tdcc diagnose</c>.</summary>
internal enum CheckResult
{
    /// <summary>As it should be.</summary>
    Ok,

    /// <summary>Works, but something deserves a look (a conflict, a cluster without ready endpoints).</summary>
    Warn,

    /// <summary>Broken here: the service does not work across the clusterset because of this.</summary>
    Fail,

    /// <summary>Not checked: it does not apply, or an earlier failure makes it moot.</summary>
    Skip,
}
