namespace Pipeline.BaseImages.Tests.Integration;

/// <summary>
/// All engine tests share one collection: one bootstrap of the default image for all of them, and
/// the tests that run debootstrap never overlap (2 cores).
/// </summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<SharedBaseImageFixture>
{
    public const string Name = "engine";
}
