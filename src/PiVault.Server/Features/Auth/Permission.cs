namespace PiVault.Server.Features.Auth;

/// <summary>
/// API-key permissions, named as Immich names them so Immich clients and PiVault share one list.
/// Sessions (a person logged in) hold every permission their role allows.
/// </summary>
public static class Permission
{
    public const string All = "all";
    public const string ApiKeyCreate = "apiKey.create";
    public const string ApiKeyRead = "apiKey.read";
    public const string ApiKeyUpdate = "apiKey.update";
    public const string ApiKeyDelete = "apiKey.delete";
    public const string AssetRead = "asset.read";
    public const string AssetStatistics = "asset.statistics";
    public const string AssetView = "asset.view";
    public const string AssetDownload = "asset.download";
    public const string AssetUpload = "asset.upload";
    public const string AssetUpdate = "asset.update";
    public const string AssetDelete = "asset.delete";
    public const string TrashRestore = "trash.restore";
    public const string TrashEmpty = "trash.empty";
    public const string UserRead = "user.read";
    public const string UserUpdate = "user.update";
    public const string AdminUserCreate = "adminUser.create";
    public const string AdminUserRead = "adminUser.read";
    public const string AdminUserUpdate = "adminUser.update";
    public const string JobRead = "job.read";
    public const string JobCreate = "job.create";
    public const string ServerAbout = "server.about";
    public const string AlbumCreate = "album.create";
    public const string AlbumRead = "album.read";
    public const string AlbumUpdate = "album.update";
    public const string AlbumDelete = "album.delete";
    public const string AlbumShare = "album.share";
    public const string AlbumAssetCreate = "albumAsset.create";
    public const string AlbumAssetDelete = "albumAsset.delete";
    public const string SharedLinkCreate = "sharedLink.create";
    public const string SharedLinkRead = "sharedLink.read";
    public const string SharedLinkDelete = "sharedLink.delete";
    public const string TimelineRead = "timeline.read";
    public const string SystemConfigRead = "systemConfig.read";
    public const string SystemConfigUpdate = "systemConfig.update";
    public const string DuplicateRead = "duplicate.read";
    public const string DuplicateDelete = "duplicate.delete";
    public const string PersonRead = "person.read";
    public const string PersonCreate = "person.create";
    public const string PersonUpdate = "person.update";
    public const string PersonMerge = "person.merge";
    public const string PersonStatistics = "person.statistics";
    public const string FaceRead = "face.read";
    public const string FaceCreate = "face.create";
    public const string FaceUpdate = "face.update";
    public const string FaceDelete = "face.delete";
    public const string LibraryCreate = "library.create";
    public const string LibraryRead = "library.read";
    public const string LibraryUpdate = "library.update";
    public const string LibraryDelete = "library.delete";
    public const string LibraryStatistics = "library.statistics";
    public const string MemoryCreate = "memory.create";
    public const string MemoryRead = "memory.read";
    public const string MemoryUpdate = "memory.update";
    public const string MemoryDelete = "memory.delete";
    public const string MemoryStatistics = "memory.statistics";
    public const string MemoryAssetCreate = "memoryAsset.create";
    public const string MemoryAssetDelete = "memoryAsset.delete";
    public const string StackCreate = "stack.create";
    public const string StackRead = "stack.read";
    public const string StackUpdate = "stack.update";
    public const string StackDelete = "stack.delete";
    public const string MapRead = "map.read";
    public const string MapSearch = "map.search";
    public const string PartnerCreate = "partner.create";
    public const string PartnerRead = "partner.read";
    public const string PartnerUpdate = "partner.update";
    public const string PartnerDelete = "partner.delete";
    public const string FolderRead = "folder.read";
    public const string TagCreate = "tag.create";
    public const string TagRead = "tag.read";
    public const string TagUpdate = "tag.update";
    public const string TagDelete = "tag.delete";
    public const string TagAsset = "tag.asset";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        All, ApiKeyCreate, ApiKeyRead, ApiKeyUpdate, ApiKeyDelete, AssetRead, AssetStatistics, AssetView, AssetDownload,
        AssetUpload, AssetUpdate, AssetDelete, TrashRestore, TrashEmpty, UserRead, UserUpdate,
        AdminUserCreate, AdminUserRead, AdminUserUpdate, JobRead, JobCreate, ServerAbout,
        AlbumCreate, AlbumRead, AlbumUpdate, AlbumDelete, AlbumShare, AlbumAssetCreate, AlbumAssetDelete, SharedLinkCreate, SharedLinkRead, SharedLinkDelete,
        TimelineRead, SystemConfigRead, SystemConfigUpdate, DuplicateRead, DuplicateDelete,
        PersonRead, PersonCreate, PersonUpdate, PersonMerge, PersonStatistics, FaceRead, FaceCreate, FaceUpdate, FaceDelete,
        LibraryCreate, LibraryRead, LibraryUpdate, LibraryDelete, LibraryStatistics,
        MemoryCreate, MemoryRead, MemoryUpdate, MemoryDelete, MemoryStatistics, MemoryAssetCreate, MemoryAssetDelete,
        StackCreate, StackRead, StackUpdate, StackDelete, MapRead, MapSearch, PartnerCreate, PartnerRead, PartnerUpdate, PartnerDelete, FolderRead,
        TagCreate, TagRead, TagUpdate, TagDelete, TagAsset,
    };

    /// <summary>Household-wide powers: only an admin's session or key can hold them.</summary>
    public static bool IsAdminOnly(string permission) =>
        permission.StartsWith("adminUser.", StringComparison.Ordinal) || permission.StartsWith("job.", StringComparison.Ordinal)
        || permission.StartsWith("systemConfig.", StringComparison.Ordinal) || permission.StartsWith("library.", StringComparison.Ordinal);
}
