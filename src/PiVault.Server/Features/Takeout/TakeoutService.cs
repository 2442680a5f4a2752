using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// Takeout imports as the API and the CLI see them: start one from uploaded parts or from paths on an attached drive, follow
/// its progress, read its report, cancel it. An import is seen by the user whose library it fills and by who started it
/// (an admin may import for another member); anyone else gets 404.
/// </summary>
public sealed class TakeoutService(
    Database database, TakeoutImportStore store, TakeoutPartReceiver parts, UserStore users, PiVaultOptions options, TimeProvider time)
{
    private static readonly string[] ArchiveEndings = [".zip", ".tgz", ".tar.gz", ".tar"];

    /// <summary>Wakes the background runner once an import is queued (set by the wiring).</summary>
    public Action? Wake { get; set; }

    public ImportDto Create(Caller caller, CreateImportRequest request)
    {
        var ownerId = OwnerFor(caller, request.UserId);
        var paths = request.Paths is { Count: > 0 } given ? ArchivesAt(caller, given) : null;
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            store.Insert(db, id, ownerId, caller.UserId, paths is null ? "upload" : "path", paths is null ? ImportStates.Receiving : ImportStates.Queued, now);
            paths?.ForEach(p => store.AddPart(db, id, p, Path.GetFileName(p), new FileInfo(p).Length));
            transaction.Commit();
        }
        if (paths is not null)
        {
            Wake?.Invoke();
        }
        return Get(caller, id);
    }

    /// <summary>The caller's import that a stop or crash left unfinished (the command line resumes it instead of starting another).</summary>
    public ImportDto? Resumable(Caller caller)
    {
        using var db = database.Open();
        var active = store.ListFor(db, caller.UserId).FirstOrDefault(i => i.OwnerId == caller.UserId && ImportStates.IsActive(i.State));
        return active is null ? null : ToDto(active, store.Parts(db, active.Id));
    }

    /// <summary>Stores one uploaded part (streamed to disk, flushed, renamed into place) of an import still receiving parts.</summary>
    public async Task<ImportDto> AddPartAsync(Caller caller, string id, string? name, Stream body, CancellationToken cancel)
    {
        var import = RequireVisible(caller, id);
        RequireReceiving(import);
        var partName = Path.GetFileName(name ?? "") is { Length: > 0 } given ? given : "takeout.zip";
        var (path, size) = await parts.ReceiveAsync(import.Id, body, cancel);
        using (var db = database.Open())
        {
            store.AddPart(db, import.Id, path, partName, size);
        }
        return Get(caller, id);
    }

    /// <summary>All parts are there: queue the import.</summary>
    public ImportDto Start(Caller caller, string id)
    {
        var import = RequireVisible(caller, id);
        RequireReceiving(import);
        using (var db = database.Open())
        {
            if (store.Parts(db, id).Count == 0)
            {
                throw ApiException.BadRequest("Send at least one archive part (POST /api/v1/imports/{id}/parts) before starting the import.");
            }
            store.SetState(db, id, ImportStates.Queued, null, time.GetUtcNow());
        }
        Wake?.Invoke();
        return Get(caller, id);
    }

    public ImportDto Get(Caller caller, string id)
    {
        var import = RequireVisible(caller, id);
        using var db = database.Open();
        return ToDto(import, store.Parts(db, id));
    }

    public List<ImportDto> List(Caller caller)
    {
        using var db = database.Open();
        return store.ListFor(db, caller.UserId).ConvertAll(i => ToDto(i, store.Parts(db, i.Id)));
    }

    public ImportReportDto Report(Caller caller, string id, string? outcome, int? page, int? size)
    {
        RequireVisible(caller, id);
        if (outcome is not (null or "imported" or "merged" or "skipped"))
        {
            throw ApiException.BadRequest("outcome must be imported, merged or skipped.");
        }
        var request = Assets.PageRequest.From(page, size, 200);
        using var db = database.Open();
        var lines = store.Report(db, id, outcome, request.Offset, request.Size);
        var total = store.CountReport(db, id, outcome);
        return new ImportReportDto(id, lines, total, request.Next(lines.Count, total)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The import folder by folder: for each album folder, the album it filled and how many of its files were imported, merged or skipped.</summary>
    public List<ImportFolderSummaryDto> Folders(Caller caller, string id)
    {
        RequireVisible(caller, id);
        using var db = database.Open();
        return store.FolderSummary(db, id);
    }

    /// <summary>Stops an import: what it imported stays, uploaded parts are deleted. A finished import is left as it is.</summary>
    public ImportDto Cancel(Caller caller, string id, TakeoutImportRunner? runner)
    {
        var import = RequireVisible(caller, id);
        if (import.State is ImportStates.Receiving || ImportStates.IsActive(import.State))
        {
            using (var db = database.Open())
            {
                store.SetState(db, id, ImportStates.Cancelled, null, time.GetUtcNow(), finished: true);
            }
            runner?.Cancel(id);
            if (import.Source == "upload")
            {
                parts.DeleteAll(id);
            }
        }
        return Get(caller, id);
    }

    private ImportRecord RequireVisible(Caller caller, string id)
    {
        using var db = database.Open();
        var import = store.Find(db, id);
        return import is not null && (import.OwnerId == caller.UserId || import.CreatedBy == caller.UserId)
            ? import
            : throw ApiException.NotFound("No such import.");
    }

    private static void RequireReceiving(ImportRecord import)
    {
        if (import.State != ImportStates.Receiving)
        {
            throw ApiException.Conflict($"The import is {import.State}: parts can be added only before it starts.");
        }
    }

    /// <summary>Into the caller's own library, or (an admin) into another member's.</summary>
    private string OwnerFor(Caller caller, string? userId)
    {
        if (userId is null || userId == caller.UserId)
        {
            return caller.UserId;
        }
        if (!caller.IsAdmin)
        {
            throw ApiException.Forbidden("Only an admin may import into another member's library.");
        }
        using var db = database.Open();
        return users.FindById(db, userId)?.Id ?? throw ApiException.BadRequest("No user has that id.");
    }

    /// <summary>
    /// Paths on the server are an admin's to give (a member could otherwise read any file the server can). Each is an archive
    /// part or a folder whose archive parts (by name order) are taken; nothing inside PiVault's own data folder.
    /// </summary>
    private List<string> ArchivesAt(Caller caller, IReadOnlyList<string> paths)
    {
        if (!caller.IsAdmin)
        {
            throw ApiException.Forbidden("Only an admin may import from a path on the server; upload the archive parts instead.");
        }
        var found = new List<string>();
        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given);
            if (full.StartsWith(Path.GetFullPath(options.DataDir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw ApiException.BadRequest($"{given} is inside PiVault's own data folder.");
            }
            if (Directory.Exists(full))
            {
                found.AddRange(Directory.EnumerateFiles(full).Where(IsArchiveName).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(full))
            {
                found.Add(full);
            }
            else
            {
                throw ApiException.BadRequest($"{given} does not exist on the server.");
            }
        }
        return found.Count > 0 ? found : throw ApiException.BadRequest("No .zip, .tgz or .tar archive parts at the given paths.");
    }

    private static bool IsArchiveName(string path) => ArchiveEndings.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private ImportDto ToDto(ImportRecord i, List<(int Seq, string Path, string Name, long Size)> partRows)
    {
        var (eta, rate) = Estimate(i);
        return new ImportDto(i.Id, i.OwnerId, i.Source, i.State, i.Error, i.TotalEntries, i.TotalBytes, i.DoneEntries, i.DoneBytes,
            i.Imported, i.Merged, i.Skipped, eta, rate, i.CreatedAt, i.FinishedAt, partRows.ConvertAll(p => new ImportPartDto(p.Seq, p.Name, p.Size)));
    }

    /// <summary>Bytes per second since the import step (re)started, and the time the remaining bytes take at that rate.</summary>
    private (double? Eta, double? Rate) Estimate(ImportRecord i)
    {
        if (i.State != ImportStates.Importing || i.StartedAt is not { } started)
        {
            return (null, null);
        }
        var seconds = (time.GetUtcNow() - started).TotalSeconds;
        var bytes = i.DoneBytes - i.StartedDoneBytes;
        if (seconds < 1 || bytes <= 0)
        {
            return (null, null);
        }
        var rate = bytes / seconds;
        return (Math.Round(Math.Max(0, i.TotalBytes - i.DoneBytes) / rate, 1), Math.Round(rate));
    }
}
