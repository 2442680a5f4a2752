namespace PiVault.Server.Features.Immich;

/// <summary>Immich's DuplicateResponseDto.</summary>
public sealed record ImmichDuplicateDto(List<ImmichAssetDto> Assets, string DuplicateId, List<string> SuggestedKeepAssetIds);

/// <summary>Immich's DuplicateResolveGroupDto: every photo of the group is either kept or trashed.</summary>
public sealed record ImmichDuplicateResolveGroup(string? DuplicateId, List<string>? KeepAssetIds, List<string>? TrashAssetIds);

/// <summary>Immich's DuplicateResolveDto.</summary>
public sealed record ImmichDuplicateResolveRequest(List<ImmichDuplicateResolveGroup>? Groups);
