namespace Pipeline.Verify.Checks;

/// <summary>A user check written as a C# lambda over the <see cref="ICheckContext"/> (inspect facts, run commands).</summary>
public sealed class DelegateCheck : ImageCheck
{
    private readonly Func<ICheckContext, CancellationToken, Task<CheckOutcome>> _body;

    /// <summary>Creates the check.</summary>
    /// <param name="name">Unique check name (the JUnit testcase name).</param>
    /// <param name="body">The verification; return <see cref="CheckOutcome.Pass"/>, <see cref="CheckOutcome.Fail"/>, ….</param>
    public DelegateCheck(string name, Func<ICheckContext, CancellationToken, Task<CheckOutcome>> body) : base(name) =>
        _body = body ?? throw new ArgumentNullException(nameof(body));

    // What the lambda is, for reuse of earlier results: its method (and the module version of its compiled code).
    internal System.Reflection.MethodInfo Body => _body.Method;

    /// <inheritdoc />
    public override Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct) => _body(context, ct);
}
