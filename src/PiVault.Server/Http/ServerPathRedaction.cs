using System.Text.RegularExpressions;
using PiVault.Server.Configuration;

namespace PiVault.Server.Http;

/// <summary>
/// Keeps the server's folders out of error messages sent to clients: libvips, ffmpeg and IO errors name the files they
/// failed on, and those messages reach clients (a failed thumbnail job's error is a 404's detail). Every absolute path
/// becomes its last part, the file name; the data, library, cold-tier and temp folders go first even when a space in
/// their name would stop the path pattern early. Logs and the admin's failed-job list keep the full text.
/// </summary>
public sealed partial class ServerPathRedaction
{
    private readonly string[] roots;

    public ServerPathRedaction(PiVaultOptions options) =>
        roots = new[] { options.LibraryDir, options.DataDir, options.ColdTierDir, Path.GetTempPath(), AppContext.BaseDirectory }
            .Where(r => !string.IsNullOrEmpty(r) && r != "/")
            .Select(r => r!.TrimEnd('/'))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(r => r.Length)
            .ToArray();

    public string Redact(string text)
    {
        foreach (var root in roots)
        {
            text = text.Replace(root + "/", "/", StringComparison.Ordinal).Replace(root, "/", StringComparison.Ordinal);
        }
        return AbsolutePath().Replace(text, match => match.Groups["name"].Value);
    }

    /// <summary>
    /// "/dir/…/name" not glued to a word ("multipart/form-data", "1/2" stay), with at least one folder; PiVault's own API
    /// paths ("/api/…") are left as they are. Whitespace, quotes and brackets end a path.
    /// </summary>
    [GeneratedRegex("""(?<![\w.~-])/(?!api/)(?:[^\s'"`()<>\[\]{},;:/]+/)+(?<name>[^\s'"`()<>\[\]{},;:/]*)""")]
    private static partial Regex AbsolutePath();
}
