namespace PiVault.Server.Features.Drives;

/// <summary>
/// A file system PiVault has seen, by UUID: attached now (<c>device</c> set) or only remembered, with the time it was
/// last seen. <c>role</c>: hot, cold, backup or none; <c>mountPoint</c> the /srv/pivault folder its mount unit uses.
/// </summary>
public sealed record DriveDto(
    string Uuid, string? Device, string? Model, string? Label, long SizeBytes, long? FreeBytes, string? FileSystem, string Role,
    string? MountPoint, bool Attached, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>
/// A whole disk attached now. <c>confirmation</c> is what the admin must type to prepare it (model and size for an
/// empty disk, its name when it holds data); null when it is in use (mounted, such as the system disk) and cannot be.
/// </summary>
public sealed record AttachedDiskDto(
    string Device, string Name, string? Model, long SizeBytes, string? Transport, bool HoldsData, bool InUse, string? Confirmation);

public sealed record DrivesDto(List<DriveDto> Drives, List<AttachedDiskDto> Disks);

/// <summary><c>role</c>: hot, cold or backup (the label <c>pivault-&lt;role&gt;</c>), or absent for plain <c>pivault</c>.</summary>
public sealed record PrepareDriveRequest(string? Device, string? Confirmation, string? Role);

/// <summary>The helper was started; the new file system appears in the list once it is done.</summary>
public sealed record PrepareStartedDto(string Device, string Unit, string Message);

public sealed record DriveRoleRequest(string? Role);

/// <summary>The list after a role change, and what could not be applied to the system (reload, mount).</summary>
public sealed record DriveRoleResultDto(DrivesDto Drives, List<string> SystemWarnings);
