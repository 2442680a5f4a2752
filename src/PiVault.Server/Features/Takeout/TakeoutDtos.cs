namespace PiVault.Server.Features.Takeout;

/// <summary>The states of an import, as stored in <c>imports.state</c>.</summary>
public static class ImportStates
{
    public const string Receiving = "receiving";
    public const string Queued = "queued";
    public const string Scanning = "scanning";
    public const string Importing = "importing";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsActive(string state) => state is Queued or Scanning or Importing;
}

/// <summary>An import as stored.</summary>
public sealed record ImportRecord(
    string Id, string OwnerId, string CreatedBy, string Source, string State, string? Error, long TotalEntries, long TotalBytes,
    long DoneEntries, long DoneBytes, long Imported, long Merged, long Skipped, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    long StartedDoneBytes, DateTimeOffset? FinishedAt);

/// <summary>
/// Starts an import. With <c>paths</c> (admins only): archive parts or folders holding them on an attached drive, imported
/// where they are. Without: an upload import, whose parts are then sent to <c>POST /api/v1/imports/{id}/parts</c>.
/// <c>userId</c> (admins only) imports into another household member's library.
/// </summary>
public sealed record CreateImportRequest(IReadOnlyList<string>? Paths, string? UserId);

public sealed record ImportPartDto(int Seq, string Name, long Size);

/// <summary>An import's progress: counts of media entries, bytes, and the estimate of the time left (null until it can be told).</summary>
public sealed record ImportDto(
    string Id, string OwnerId, string Source, string State, string? Error, long TotalFiles, long TotalBytes, long DoneFiles, long DoneBytes,
    long Imported, long Merged, long Skipped, double? EtaSeconds, double? BytesPerSecond, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<ImportPartDto> Parts);

/// <summary>One line of the report: an entry and what became of it (imported, merged = already in PiVault, skipped and why).</summary>
public sealed record ImportReportLineDto(string Path, string Kind, string Outcome, string? Reason, string? AssetId);

public sealed record ImportReportDto(string ImportId, IReadOnlyList<ImportReportLineDto> Lines, int Total, string? Next);

/// <summary>
/// What became of one folder of the export: an album folder (with the PiVault album it filled, or null when none was made
/// because nothing in it was imported) or a year folder (<c>album</c> false). Counts are of its photos and videos.
/// </summary>
public sealed record ImportFolderSummaryDto(
    string Folder, bool IsAlbum, string? AlbumId, string? AlbumName, int Total, int Imported, int Merged, int Skipped, int Pending);
