using Pipeline.Build;

/// <summary>Engine housekeeping targets.</summary>
partial class Build
{
    Target CleanEngine => _ => _
        .Description("Removes what stopped builds left in the container engine (working containers, Verify probe containers, replaced untagged images: only Pipeline's). Run it when no build runs.")
        .Executes(ct => Run(Stack.CleanEngineAsync, ct));
}
