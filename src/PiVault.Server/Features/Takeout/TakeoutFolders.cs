using PiVault.Server.Data;

namespace PiVault.Server.Features.Takeout;

/// <summary>A sidecar of a folder: its parsed name and what it says.</summary>
public sealed record FolderSidecar(SidecarName Name, TakeoutSidecar Data);

/// <summary>What an import knows about one folder of the export: its sidecars and, for an album folder, the album's title.</summary>
public sealed record TakeoutFolder(string Path, IReadOnlyList<FolderSidecar> Sidecars, string? AlbumTitle)
{
    public FolderSidecar? SidecarOf(string mediaFileName) =>
        TakeoutNames.Match(mediaFileName, Sidecars, s => s.Name, s => s.Data.Title);
}

/// <summary>
/// The folders of one import, read from the scan's rows when first needed and kept while the import walks through them
/// (an export lists a folder's files together, so a small cache suffices and memory stays bounded).
/// </summary>
public sealed class TakeoutFolders(Database database, TakeoutImportStore store, string importId)
{
    private const int Cached = 256;
    private readonly Dictionary<string, TakeoutFolder> folders = new(StringComparer.Ordinal);

    public TakeoutFolder Get(string folder)
    {
        if (folders.TryGetValue(folder, out var known))
        {
            return known;
        }
        if (folders.Count >= Cached)
        {
            folders.Clear();
        }
        List<(string Name, string Kind, string Json)> json;
        using (var db = database.Open())
        {
            json = store.JsonIn(db, importId, folder);
        }
        var sidecars = json.Where(j => j.Kind == "sidecar").Select(j => new FolderSidecar(TakeoutNames.ParseSidecar(j.Name), TakeoutSidecar.Parse(j.Json))).ToList();
        var albumTitle = TakeoutNames.IsAlbumFolder(TakeoutNames.FolderName(folder))
            ? json.Where(j => j.Kind == "album").Select(j => TakeoutSidecar.AlbumTitle(j.Json)).FirstOrDefault(t => t is not null) ?? TakeoutNames.FolderName(folder)
            : null;
        return folders[folder] = new TakeoutFolder(folder, sidecars, albumTitle);
    }
}
