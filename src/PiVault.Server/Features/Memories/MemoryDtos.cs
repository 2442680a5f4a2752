namespace PiVault.Server.Features.Memories;

/// <summary>A memory for PiVault's web app: its year, the day it remembers and its photos' ids in capture order.</summary>
public sealed record MemoryDto(
    string Id, string Type, int Year, int YearsAgo, DateTimeOffset MemoryAt, DateTimeOffset? ShowAt, DateTimeOffset? HideAt, DateTimeOffset? SeenAt, bool IsSaved,
    List<string> AssetIds)
{
    public static MemoryDto From(MemoryView v, int thisYear) => new(
        v.Memory.Id, v.Memory.Type, v.Memory.Year, thisYear - v.Memory.Year, v.Memory.MemoryAt, v.Memory.ShowAt, v.Memory.HideAt, v.Memory.SeenAt,
        v.Memory.IsSaved, v.AssetIds);
}

public sealed record UpdateMemoryRequest(bool? IsSaved, DateTimeOffset? SeenAt);

public sealed record BuildMemoriesResultDto(int Made);
