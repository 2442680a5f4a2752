using System.Globalization;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Features.Export;

/// <summary>
/// Where each asset goes in an export (docs/export.md): <c>YYYY/MM/&lt;original file name&gt;</c> by capture month (UTC),
/// its XMP sidecar beside it as <c>&lt;name&gt;.xmp</c>; a second file of the same name in a month becomes
/// <c>name (1).jpg</c>. Names are made safe for every unpacker: no folders, no "..", no control characters.
/// </summary>
public sealed class ExportLayout
{
    private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);

    public string EntryFor(AssetRecord asset)
    {
        var folder = asset.TakenAt.UtcDateTime.ToString("yyyy'/'MM", CultureInfo.InvariantCulture);
        var name = SafeName(asset.OriginalFileName);
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        var entry = $"{folder}/{name}";
        for (var n = 1; !used.Add(entry) || used.Contains(XmpSidecar.PathFor(entry)); n++)
        {
            entry = $"{folder}/{stem} ({n}){extension}";
        }
        used.Add(XmpSidecar.PathFor(entry));
        return entry;
    }

    private static string SafeName(string name)
    {
        var clean = new string([.. Path.GetFileName(name.Replace('\\', '/')).Select(c => char.IsControl(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c)]).Trim();
        return clean is "" or "." or ".." ? "file" : clean;
    }
}
