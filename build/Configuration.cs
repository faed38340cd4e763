/// <summary>The build configuration passed to <c>dotnet</c>.</summary>
enum Configuration
{
    Debug,
    Release,
}
