namespace PiVault.Server.Features.Export;

/// <summary>What to export: these assets, an album, or (neither) the caller's whole library; Immich's <c>DownloadInfoDto</c> too.</summary>
public sealed record ExportRequest(List<string>? AssetIds, string? AlbumId, string? UserId, long? ArchiveSize);

/// <summary>Immich's <c>AssetIdsDto</c>, the body of <c>POST /api/download/archive</c>.</summary>
public sealed record ExportArchiveRequest(List<string>? AssetIds);

/// <summary>Immich's <c>DownloadArchiveInfo</c>: one ZIP's assets and their total size.</summary>
public sealed record ExportArchiveInfo(List<string> AssetIds, long Size);

/// <summary>Immich's <c>DownloadResponseDto</c>: the archives an export splits into.</summary>
public sealed record ExportInfoDto(List<ExportArchiveInfo> Archives, long TotalSize);
