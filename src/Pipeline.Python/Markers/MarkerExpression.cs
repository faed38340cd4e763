using Pipeline.Packaging;

namespace Pipeline.Python.Markers;

/// <summary>A parsed PEP 508 environment marker: a tree of <c>and</c>/<c>or</c> over comparisons.</summary>
internal abstract record MarkerExpression
{
    /// <summary>True when the marker holds in <paramref name="environment"/>.</summary>
    public abstract bool Evaluate(MarkerEnvironment environment);
}

/// <summary>Both sides must hold.</summary>
internal sealed record MarkerAnd(MarkerExpression Left, MarkerExpression Right) : MarkerExpression
{
    /// <inheritdoc />
    public override bool Evaluate(MarkerEnvironment environment) => Left.Evaluate(environment) && Right.Evaluate(environment);
}

/// <summary>Either side must hold.</summary>
internal sealed record MarkerOr(MarkerExpression Left, MarkerExpression Right) : MarkerExpression
{
    /// <inheritdoc />
    public override bool Evaluate(MarkerEnvironment environment) => Left.Evaluate(environment) || Right.Evaluate(environment);
}

/// <summary>One side of a comparison: an environment variable or a quoted literal.</summary>
/// <param name="Text">The variable name or the literal's text.</param>
/// <param name="IsVariable">True for a variable such as <c>python_version</c>.</param>
internal sealed record MarkerValue(string Text, bool IsVariable);

/// <summary>A comparison such as <c>python_version &gt;= '3.11'</c> or <c>'linux' in sys_platform</c>.</summary>
internal sealed record MarkerComparison(MarkerValue Left, string Operator, MarkerValue Right) : MarkerExpression
{
    private static readonly HashSet<string> VersionVariables = ["python_version", "python_full_version", "implementation_version"];

    /// <inheritdoc />
    public override bool Evaluate(MarkerEnvironment environment)
    {
        if (Left is { IsVariable: true, Text: "extra" } || Right is { IsVariable: true, Text: "extra" })
            return EvaluateExtra(environment);
        if (Right.IsVariable && MarkerParser.SetVariables.Contains(Right.Text))
            return EvaluateSetMembership(environment);
        var lhs = Resolve(Left, environment);
        var rhs = Resolve(Right, environment);
        var isVersionVariable = (Left.IsVariable && VersionVariables.Contains(Left.Text)) || (Right.IsVariable && VersionVariables.Contains(Right.Text));
        if (Operator is not ("in" or "not in") && isVersionVariable
            && VersionComparison.TryCompare(lhs, Operator, rhs, out var versionResult))
            return versionResult;
        return Operator switch
        {
            "==" or "===" => lhs == rhs,
            "!=" => lhs != rhs,
            "<" => string.CompareOrdinal(lhs, rhs) < 0,
            "<=" => string.CompareOrdinal(lhs, rhs) <= 0,
            ">" => string.CompareOrdinal(lhs, rhs) > 0,
            ">=" => string.CompareOrdinal(lhs, rhs) >= 0,
            "in" => rhs.Contains(lhs, StringComparison.Ordinal),
            "not in" => !rhs.Contains(lhs, StringComparison.Ordinal),
            _ => throw new MarkerSyntaxException($"operator '{Operator}' cannot compare strings '{lhs}' and '{rhs}'"),
        };
    }

    private bool EvaluateExtra(MarkerEnvironment environment)
    {
        // An audit asks "could this be installed?": with AnyExtra every extra comparison may hold.
        if (environment.AnyExtra)
            return true;
        var literal = Left.IsVariable ? Right.Text : Left.Text;
        var requested = environment.Extras.Contains(ProjectName.Normalize(literal));
        return Operator switch
        {
            "==" or "===" or "in" => requested,
            "!=" or "not in" => !requested,
            _ => false,
        };
    }

    /// <summary>PEP 751 <c>'x' in extras</c> / <c>'dev' not in dependency_groups</c>.</summary>
    private bool EvaluateSetMembership(MarkerEnvironment environment)
    {
        // As for 'extra': an audit asks what some choice of extras and groups could install, so both hold.
        if (environment.AnyExtra)
            return true;
        // Only extras are known to the environment; no dependency group is requested.
        var member = Right.Text == "extras" && environment.Extras.Contains(ProjectName.Normalize(Left.Text));
        return Operator == "in" ? member : !member;
    }

    private static string Resolve(MarkerValue value, MarkerEnvironment environment)
    {
        if (!value.IsVariable)
            return value.Text;
        return environment.Variables.TryGetValue(value.Text, out var v)
            ? v
            : throw new MarkerSyntaxException($"unknown marker variable '{value.Text}'");
    }
}
