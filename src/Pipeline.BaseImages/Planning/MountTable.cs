namespace Pipeline.BaseImages.Planning;

/// <summary>
/// Reads <c>/proc/self/mountinfo</c>. debootstrap mounts <c>proc</c> (and, inside containers, device
/// binds) into the target; a killed debootstrap leaves them mounted, and deleting the root filesystem
/// must never descend into them.
/// </summary>
public static class MountTable
{
    /// <summary>Mount points at or below <paramref name="root"/>, deepest first (the order to unmount them).</summary>
    public static IReadOnlyList<string> MountsUnder(string mountInfo, string root)
    {
        var prefix = root.TrimEnd('/');
        return mountInfo.Split('\n')
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(point => point == prefix || point.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(point => point.Length)
            .ToArray();
    }

    // mountinfo escapes space, tab, newline and backslash as octal (\040 etc.).
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var chars = new List<char>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && field.Substring(i + 1, 3).All(c => c is >= '0' and <= '7'))
            {
                chars.Add((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                chars.Add(field[i]);
            }
        }
        return new string([.. chars]);
    }
}
