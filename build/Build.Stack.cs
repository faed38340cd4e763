using Pipeline.Build;
using Pipeline.Stack.Component;
using Pipeline.Verify.Checks;

/// <summary>
/// The stack targets come from the <see cref="IContainerStack"/> component (src/Pipeline.Stack/Component: Stop,
/// ConfigurePip, LockCpu, BaseImage, BuildParallel, Verify, Rebuild, Mirror, Proxy, CleanEngine, each with its
/// parameters next to it). This repository only says where its stack is and which checks Verify adds.
/// </summary>
partial class Build : IContainerStack
{
    /// <summary>The example stack, unless <c>--compose-file</c> names another.</summary>
    AbsolutePath IContainerStack.DefaultComposeFile => ExampleComposeFile;

    /// <summary>Checks Verify runs: the built-ins, plus the stack's own (add yours here).</summary>
    CheckSet IContainerStack.Checks => CheckSet.BuiltIn()
        .Add(new CommandCheck("python-runs", "python --version"));

    /// <summary>This build as the stack component, to read its parameters (a class sees interface defaults only through the interface).</summary>
    IContainerStack Component => this;
}
