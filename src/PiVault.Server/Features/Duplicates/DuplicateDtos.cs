namespace PiVault.Server.Features.Duplicates;

/// <summary>One photo of a group, with what a person compares: size, resolution (as displayed) and capture date.</summary>
public sealed record DuplicateAssetDto(string Id, string FileName, string MimeType, long FileSize, int? Width, int? Height, DateTimeOffset TakenAt);

/// <summary>A group of photos that look like the same picture; <c>suggestedKeep</c> is the largest resolution, then the most metadata.</summary>
public sealed record DuplicateGroupDto(string Id, DateTimeOffset CreatedAt, List<DuplicateAssetDto> Assets, string SuggestedKeep);

/// <summary>Keep these (at least one), move the group's other photos to the trash.</summary>
public sealed record ResolveDuplicatesRequest(List<string>? KeepAssetIds);

public sealed record ResolveDuplicatesResultDto(int Trashed);
