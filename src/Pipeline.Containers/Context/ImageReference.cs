namespace Pipeline.Containers.Context;

/// <summary>Normalises image names so that engines' spellings compare equal (podman reports <c>docker.io/library/x:tag</c>).</summary>
public static class ImageReference
{
    /// <summary>
    /// <c>python</c> → <c>docker.io/library/python:latest</c>, <c>user/app:1</c> → <c>docker.io/user/app:1</c>;
    /// names with a registry host (a first part with <c>.</c> or <c>:</c>, or <c>localhost</c>) keep it.
    /// </summary>
    public static string Normalize(string image)
    {
        var name = image.Trim();
        var digestAt = name.IndexOf('@');
        var lastSlash = name.LastIndexOf('/');
        var hasTag = name.LastIndexOf(':') > lastSlash;
        if (digestAt < 0 && !hasTag) name += ":latest";
        var firstSlash = name.IndexOf('/');
        var first = firstSlash < 0 ? null : name[..firstSlash];
        var hasRegistry = first is not null && (first.Contains('.') || first.Contains(':') || first == "localhost");
        if (hasRegistry) return name;
        return firstSlash < 0 ? "docker.io/library/" + name : "docker.io/" + name;
    }
}
