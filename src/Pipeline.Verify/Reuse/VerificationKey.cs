using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Reuse;

/// <summary>
/// What an image's verification depends on, as one digest: the image ID, the target's expectations, the options that
/// change outcomes, and each check's definition (name, type, the module version of its code, and its settings; for a
/// <see cref="DelegateCheck"/> the lambda's method). A recompiled check has a new module version, so it runs again.
/// </summary>
internal static class VerificationKey
{
    /// <summary>The key for verifying <paramref name="imageId"/> as <paramref name="target"/> with <paramref name="checks"/>.</summary>
    public static string For(string imageId, VerifyTarget target, IEnumerable<IImageCheck> checks, VerifyOptions options)
    {
        var text = new StringBuilder();
        void Field(string name, object? value) => text.Append(name).Append('=').Append(Format(value)).Append('\n');
        Field("scheme", "pipeline-verify-reuse/1");
        Field("image", imageId);
        Field("target", target);
        Field("timeout", options.CommandTimeout);
        Field("shell", options.ProbeShell);
        Field("limits", $"{options.ProbeNofileLimit}/{options.ProbeNprocLimit}/{options.MaxOutputChars}");
        foreach (var check in checks.OrderBy(c => c.Name, StringComparer.Ordinal)) Field("check", Definition(check));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A check's definition as text (see the class summary).</summary>
    public static string Definition(IImageCheck check)
    {
        var type = check.GetType();
        var text = new StringBuilder($"{check.Name}|{type.FullName}|{type.Module.ModuleVersionId}");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            text.Append('|').Append(property.Name).Append(':').Append(Format(property.GetValue(check)));
        }
        if (check is DelegateCheck lambda)
            text.Append("|body:").Append(lambda.Body.DeclaringType?.FullName).Append('.').Append(lambda.Body.Name)
                .Append('@').Append(lambda.Body.Module.ModuleVersionId);
        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s.Replace("\"", "\\\"", StringComparison.Ordinal)}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "null", // records print their members
    };
}
