using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Libraries;

/// <summary>
/// Folder libraries: an admin names folders on the server (inside the configured roots, <see cref="LibraryPaths"/>) whose
/// photos and videos become one user's assets, indexed in place and never written (<see cref="LibraryScanner"/>). Like
/// Immich's external libraries, managing them is the admin's (the endpoints need <c>library.*</c>, admin-only
/// permissions); the assets are their owner's like any other, under the same access rules (<see cref="AssetAccess"/>).
/// </summary>
public sealed class LibraryService(
    Database database, LibraryStore store, LibraryPaths paths, LibraryScanner scanner, UserStore users, AssetService assets, TimeProvider time)
{
    private const string NotFound = "Library not found.";

    /// <summary>A library was added, changed or removed: the watcher re-reads which folders to watch.</summary>
    public event Action? Changed;

    public LibraryDto Create(Caller caller, CreateLibraryRequest request)
    {
        var ownerId = string.IsNullOrWhiteSpace(request.OwnerId) ? caller.UserId : request.OwnerId;
        var importPaths = Normalize(request.ImportPaths ?? []);
        var exclusions = request.ExclusionPatterns ?? [.. LibraryPaths.DefaultExclusions];
        Validate(importPaths, exclusions);
        var now = time.GetUtcNow();
        var library = new LibraryRecord(Guid.CreateVersion7(now).ToString(), ownerId, Name(request.Name), importPaths, exclusions, now, now, null, 0);
        using (var db = database.Open())
        {
            _ = users.FindById(db, ownerId) ?? throw ApiException.BadRequest($"There is no user with id '{ownerId}' to own this library.");
            store.Insert(db, library);
        }
        Changed?.Invoke();
        return Get(library.Id);
    }

    public List<LibraryDto> List()
    {
        using var db = database.Open();
        return store.List(db, null).ConvertAll(LibraryDto.From);
    }

    public LibraryDto Get(string id) => LibraryDto.From(Require(id));

    public LibraryDto Update(string id, UpdateLibraryRequest request)
    {
        var library = Require(id);
        var updated = library with
        {
            Name = request.Name is null ? library.Name : Name(request.Name),
            ImportPaths = request.ImportPaths is null ? library.ImportPaths : Normalize(request.ImportPaths),
            ExclusionPatterns = request.ExclusionPatterns ?? library.ExclusionPatterns,
            UpdatedAt = time.GetUtcNow(),
        };
        Validate(updated.ImportPaths, updated.ExclusionPatterns);
        using (var db = database.Open())
        {
            store.Update(db, updated);
        }
        Changed?.Invoke();
        return Get(id);
    }

    /// <summary>Removes the library and its assets from PiVault (rows, thumbnails); its folder and files stay exactly as they are.</summary>
    public void Delete(string id)
    {
        var library = Require(id);
        List<string> ids;
        using (var db = database.Open())
        {
            ids = store.AssetIds(db, library.Id);
        }
        assets.PurgeAll(ids);
        using (var db = database.Open())
        {
            store.Delete(db, library.Id);
        }
        Changed?.Invoke();
    }

    public async Task<ScanReportDto> ScanAsync(string id, CancellationToken cancel) => ScanReportDto.From(await scanner.ScanAsync(Require(id), cancel));

    public LibraryStatsDto Statistics(string id)
    {
        var library = Require(id);
        using var db = database.Open();
        var stats = store.Statistics(db, library.Id);
        return new LibraryStatsDto(stats.Photos, stats.Videos, stats.Total, stats.Usage);
    }

    public ValidateLibraryResponse Validate(ValidateLibraryRequest request) => new((request.ImportPaths ?? []).ConvertAll(p =>
    {
        var check = paths.Check(p);
        return new ImportPathCheckDto(check.ImportPath, check.IsValid, check.Message);
    }));

    /// <summary>Every library, for the scheduler and the watcher.</summary>
    public List<LibraryRecord> All()
    {
        using var db = database.Open();
        return store.List(db, null);
    }

    private LibraryRecord Require(string id)
    {
        if (!Guid.TryParse(id, out _))
        {
            throw ApiException.BadRequest($"'{id}' is not a valid library id.");
        }
        using var db = database.Open();
        return store.Find(db, id) ?? throw ApiException.NotFound(NotFound);
    }

    private void Validate(IReadOnlyList<string> importPaths, IReadOnlyList<string> exclusions)
    {
        if (paths.Problem(importPaths, exclusions) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
    }

    private static List<string> Normalize(List<string> importPaths) =>
        [.. importPaths.Select(p => Path.IsPathFullyQualified(p) && !p.Contains('\0') ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)) : p).Distinct(StringComparer.Ordinal)];

    private static string Name(string? name) => string.IsNullOrWhiteSpace(name) ? "Folder library" : name.Trim()[..Math.Min(name.Trim().Length, 200)];
}
