using System.Text.Json.Serialization;

namespace PiVault.Server.Features.Libraries;

/// <summary>A folder library, in the shape of Immich's <c>LibraryResponseDto</c> (both APIs answer with it).</summary>
public sealed record LibraryDto(
    string Id, string OwnerId, string Name, IReadOnlyList<string> ImportPaths, IReadOnlyList<string> ExclusionPatterns,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? RefreshedAt, long AssetCount)
{
    public static LibraryDto From(LibraryRecord l) =>
        new(l.Id, l.OwnerId, l.Name, l.ImportPaths, l.ExclusionPatterns, l.CreatedAt, l.UpdatedAt, l.RefreshedAt, l.AssetCount);
}

/// <summary>Immich's <c>CreateLibraryDto</c>; without an owner the library is the caller's, without exclusions Immich's defaults apply.</summary>
public sealed record CreateLibraryRequest(string? OwnerId, string? Name, List<string>? ImportPaths, List<string>? ExclusionPatterns);

public sealed record UpdateLibraryRequest(string? Name, List<string>? ImportPaths, List<string>? ExclusionPatterns);

public sealed record ValidateLibraryRequest(List<string>? ImportPaths, List<string>? ExclusionPatterns);

public sealed record ImportPathCheckDto(string ImportPath, bool IsValid, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);

public sealed record ValidateLibraryResponse(List<ImportPathCheckDto> ImportPaths);

/// <summary>Immich's <c>LibraryStatsResponseDto</c>: untrashed photos and videos, and their bytes.</summary>
public sealed record LibraryStatsDto(long Photos, long Videos, long Total, long Usage);

/// <summary>What PiVault's "scan now" found.</summary>
public sealed record ScanReportDto(int Added, int Changed, int Renamed, int Offline, int Returned, int Skipped, IReadOnlyList<string> MissingImportPaths)
{
    public static ScanReportDto From(ScanReport r) => new(r.Added, r.Changed, r.Renamed, r.Offline, r.Returned, r.Skipped, r.MissingImportPaths);
}
