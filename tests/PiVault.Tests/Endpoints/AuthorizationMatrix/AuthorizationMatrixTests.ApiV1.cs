using P = PiVault.Server.Features.Auth.Permission;

namespace PiVault.Tests.Endpoints.AuthorizationMatrix;

/// <summary>
/// PiVault's own API. Reading the table: A owns what a path names ({photo}, {album}, {new-…} made afresh per cell); B is
/// another household user and the admin is not A either, so both get 404 for A's things (never 403, which would confirm
/// that the id exists); a key missing the one permission an endpoint needs gets 403; admin-only endpoints answer 403 to
/// everyone else. Bodies with a wrong password or a foreign id show that the caller got past the permission check.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private const string NoSuchGroup = "0190a5c2-7b1e-7c3d-9f00-00000000d0d0";

    private const string BadPassword = """{"currentPassword":"not the password","newPassword":"another long password"}""";

    private static readonly Row[] ApiV1 =
    [
        // endpoint                                        path (if other)                                     body                                                  permission              anon   A    B   admin key+ key-
        new("GET /api/v1/server/ping",                     "/api/v1/server/ping",                               null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/v1/server/version",                  "/api/v1/server/version",                            null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/v1/server/setup",                    "/api/v1/server/setup",                              null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/v1/server/config",                   "/api/v1/server/config",                             null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("POST /api/v1/auth/bootstrap",                 "/api/v1/auth/bootstrap",                            """{"email":"x{unique}@example.com","name":"X","password":"a long enough password"}""", null, 409, 409, 409, 409, 409, 409),
        new("POST /api/v1/auth/login",                     "/api/v1/auth/login",                                """{"email":"a@example.com","password":"correct horse battery"}""", null,              200, 200, 200, 200, 200, 200),
        new("POST /api/v1/auth/logout",                    "/api/v1/auth/logout",                               null,                                                 P.UserRead,              401, 204, 204, 204, 204, 403) { FreshSessions = true },
        new("PUT /api/v1/auth/password",                   "/api/v1/auth/password",                             BadPassword,                                          null,                    401, 400, 400, 400, 403, 403),

        new("GET /api/v1/users/me",                        "/api/v1/users/me",                                  null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("GET /api/v1/users",                           "/api/v1/users",                                     null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("GET /api/v1/admin/users",                     "/api/v1/admin/users",                               null,                                                 P.AdminUserRead,         401, 403, 403, 200, 200, 403),
        new("POST /api/v1/admin/users",                    "/api/v1/admin/users",                               """{"email":"n{unique}@example.com","name":"New","password":"a long enough password"}""", P.AdminUserCreate, 401, 403, 403, 201, 201, 403),
        new("POST /api/v1/admin/users/{id}/disable",       "/api/v1/admin/users/{target}/disable",              null,                                                 P.AdminUserUpdate,       401, 403, 403, 200, 200, 403),
        new("POST /api/v1/admin/users/{id}/enable",        "/api/v1/admin/users/{target}/enable",               null,                                                 P.AdminUserUpdate,       401, 403, 403, 200, 200, 403),

        new("POST /api/v1/api-keys",                       "/api/v1/api-keys",                                  """{"name":"k","permissions":["apiKey.create"]}""",  P.ApiKeyCreate,          401, 201, 201, 201, 201, 403),
        new("GET /api/v1/api-keys",                        "/api/v1/api-keys",                                  null,                                                 P.ApiKeyRead,            401, 200, 200, 200, 200, 403),
        // "Which key is this?" has no answer for a session.
        new("GET /api/v1/api-keys/me",                     "/api/v1/api-keys/me",                               null,                                                 P.UserRead,              401, 400, 400, 400, 200, 403),
        new("GET /api/v1/api-keys/permissions",            "/api/v1/api-keys/permissions",                      null,                                                 P.ApiKeyCreate,          401, 200, 200, 200, 200, 403),
        new("PUT /api/v1/api-keys/{id}",                   "/api/v1/api-keys/{new-key}",                        """{"name":"renamed"}""",                             P.ApiKeyUpdate,          401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/api-keys/{id}",                "/api/v1/api-keys/{new-key}",                        null,                                                 P.ApiKeyDelete,          401, 204, 404, 404, 204, 403),

        new("POST /api/v1/assets",                         "/api/v1/assets",                                    Upload,                                               P.AssetUpload,           401, 201, 201, 201, 201, 403),
        new("GET /api/v1/assets",                          "/api/v1/assets",                                    null,                                                 P.AssetRead,             401, 200, 200, 200, 200, 403),
        new("GET /api/v1/assets/{id}",                     "/api/v1/assets/{photo}",                            null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/v1/assets/{id}/metadata",            "/api/v1/assets/{photo}/metadata",                   null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/v1/assets/{id}/ocr",                 "/api/v1/assets/{photo}/ocr",                        null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/v1/assets/{id}/original",            "/api/v1/assets/{photo}/original",                   null,                                                 P.AssetDownload,         401, 200, 404, 404, 200, 403),
        new("GET /api/v1/assets/{id}/thumbnail",           "/api/v1/assets/{photo}/thumbnail",                  null,                                                 P.AssetView,             401, 200, 404, 404, 200, 403),
        new("GET /api/v1/assets/{id}/playback",            "/api/v1/assets/{video}/playback",                   null,                                                 P.AssetView,             401, 200, 404, 404, 200, 403),
        new("PUT /api/v1/assets/{id}",                     "/api/v1/assets/{photo}",                            """{"isFavorite":false}""",                           P.AssetUpdate,           401, 200, 404, 404, 200, 403),
        // Bulk changes skip ids the caller does not own, without saying which.
        new("PUT /api/v1/assets",                          "/api/v1/assets",                                    """{"ids":["{photo}"],"isFavorite":false}""",         P.AssetUpdate,           401, 200, 200, 200, 200, 403),
        new("DELETE /api/v1/assets/{id}",                  "/api/v1/assets/{new-photo}",                        null,                                                 P.AssetDelete,           401, 204, 404, 404, 204, 403),
        new("POST /api/v1/assets/{id}/restore",            "/api/v1/assets/{new-trashed}/restore",              null,                                                 P.TrashRestore,          401, 204, 404, 404, 204, 403),
        new("GET /api/v1/trash",                           "/api/v1/trash",                                     null,                                                 P.AssetRead,             401, 200, 200, 200, 200, 403),
        new("POST /api/v1/trash/restore",                  "/api/v1/trash/restore",                             null,                                                 P.TrashRestore,          401, 200, 200, 200, 200, 403),
        // Folder libraries: the admin's (library.* is admin-only, as in Immich); {library} is one of A's.
        new("GET /api/v1/libraries",                       "/api/v1/libraries",                                 null,                                                 P.LibraryRead,           401, 403, 403, 200, 200, 403),
        new("POST /api/v1/libraries",                      "/api/v1/libraries",                                 """{"importPaths":["{libraryDir}"]}""",              P.LibraryCreate,         401, 403, 403, 201, 201, 403),
        new("POST /api/v1/libraries/validate",             "/api/v1/libraries/validate",                        """{"importPaths":["{libraryDir}"]}""",              P.LibraryRead,           401, 403, 403, 200, 200, 403),
        new("GET /api/v1/libraries/{id}",                  "/api/v1/libraries/{library}",                       null,                                                 P.LibraryRead,           401, 403, 403, 200, 200, 403),
        new("PATCH /api/v1/libraries/{id}",                "/api/v1/libraries/{library}",                       """{"name":"Renamed"}""",                             P.LibraryUpdate,         401, 403, 403, 200, 200, 403),
        new("DELETE /api/v1/libraries/{id}",               "/api/v1/libraries/{new-library}",                   null,                                                 P.LibraryDelete,         401, 403, 403, 204, 204, 403),
        new("POST /api/v1/libraries/{id}/scan",            "/api/v1/libraries/{library}/scan",                  null,                                                 P.LibraryUpdate,         401, 403, 403, 200, 200, 403),
        new("GET /api/v1/libraries/{id}/statistics",       "/api/v1/libraries/{library}/statistics",            null,                                                 P.LibraryStatistics,     401, 403, 403, 200, 200, 403),
        // Exports: every asset checked as a download of it (an album the caller cannot see is not found).
        new("GET /api/v1/export",                          "/api/v1/export?albumId={album}",                    null,                                                 P.AssetDownload,         401, 200, 404, 404, 200, 403),
        new("POST /api/v1/export",                         "/api/v1/export",                                    """{"assetIds":["{photo}"]}""",                       P.AssetDownload,         401, 200, 404, 404, 200, 403),
        new("POST /api/v1/trash/empty",                    "/api/v1/trash/empty",                               null,                                                 P.TrashEmpty,            401, 200, 200, 200, 200, 403),

        new("GET /api/v1/timeline/buckets",                "/api/v1/timeline/buckets?albumId={album}",          null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/v1/timeline/bucket",                 "/api/v1/timeline/bucket?timeBucket={bucket}&albumId={album}", null,                                       P.AssetRead,             401, 200, 404, 404, 200, 403),

        // The locked folder: PIN and unlock need a person's session (keys 403); bad PINs show the caller got through.
        new("GET /api/v1/locked-folder",                   "/api/v1/locked-folder",                             null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("POST /api/v1/locked-folder/pin",              "/api/v1/locked-folder/pin",                         """{"pin":"12"}""",                                   null,                    401, 400, 400, 400, 403, 403),
        new("PUT /api/v1/locked-folder/pin",               "/api/v1/locked-folder/pin",                         """{"pin":"1234","newPin":"12"}""",                   null,                    401, 400, 400, 400, 403, 403),
        new("DELETE /api/v1/locked-folder/pin",            "/api/v1/locked-folder/pin",                         "{}",                                                 null,                    401, 400, 400, 400, 403, 403),
        new("POST /api/v1/locked-folder/unlock",           "/api/v1/locked-folder/unlock",                      "{}",                                                 null,                    401, 400, 400, 400, 403, 403),
        new("POST /api/v1/locked-folder/lock",             "/api/v1/locked-folder/lock",                        null,                                                 null,                    401, 204, 204, 204, 403, 403),
        // Moving in or out needs the folder open: nobody here unlocked it, and a key never can.
        new("PUT /api/v1/locked-folder/assets",            "/api/v1/locked-folder/assets",                      """{"ids":["{photo}"]}""",                            P.AssetUpdate,           401, 403, 403, 403, 403, 403),
        new("DELETE /api/v1/locked-folder/assets",         "/api/v1/locked-folder/assets",                      """{"ids":["{photo}"]}""",                            P.AssetUpdate,           401, 403, 403, 403, 403, 403),

        new("POST /api/v1/albums",                         "/api/v1/albums",                                    """{"name":"New album"}""",                           P.AlbumCreate,           401, 201, 201, 201, 201, 403),
        new("GET /api/v1/albums",                          "/api/v1/albums",                                    null,                                                 P.AlbumRead,             401, 200, 200, 200, 200, 403),
        new("GET /api/v1/albums/{id}",                     "/api/v1/albums/{album}",                            null,                                                 P.AlbumRead,             401, 200, 404, 404, 200, 403),
        new("PATCH /api/v1/albums/{id}",                   "/api/v1/albums/{album}",                            """{"description":"kept"}""",                         P.AlbumUpdate,           401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/albums/{id}",                  "/api/v1/albums/{new-album}",                        null,                                                 P.AlbumDelete,           401, 204, 404, 404, 204, 403),
        new("PUT /api/v1/albums/{id}/assets",              "/api/v1/albums/{album}/assets",                     """{"ids":["{photo}"]}""",                            P.AlbumUpdate,           401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/albums/{id}/assets",           "/api/v1/albums/{new-album}/assets",                 """{"ids":["{photo}"]}""",                            P.AlbumUpdate,           401, 200, 404, 404, 200, 403),
        new("PUT /api/v1/albums/{id}/users",               "/api/v1/albums/{new-album}/users",                  """{"userIds":["{userD}"],"role":"viewer"}""",        P.AlbumShare,            401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/albums/{id}/users/{userId}",   "/api/v1/albums/{new-shared-album}/users/{userD}",   null,                                                 P.AlbumShare,            401, 204, 404, 404, 204, 403),

        // Sharing someone else's photo is "choose your own photos" (400), which reveals nothing about the id.
        new("POST /api/v1/shared-links",                   "/api/v1/shared-links",                              """{"type":"individual","assetIds":["{photo}"]}""",   P.SharedLinkCreate,      401, 201, 400, 400, 201, 403),
        new("GET /api/v1/shared-links",                    "/api/v1/shared-links",                              null,                                                 P.SharedLinkRead,        401, 200, 200, 200, 200, 403),
        new("DELETE /api/v1/shared-links/{id}",            "/api/v1/shared-links/{new-link}",                   null,                                                 P.SharedLinkDelete,      401, 204, 404, 404, 204, 403),

        new("GET /api/v1/admin/settings",                  "/api/v1/admin/settings",                            null,                                                 P.SystemConfigRead,      401, 403, 403, 200, 200, 403),
        new("PUT /api/v1/admin/settings",                  "/api/v1/admin/settings",                            """{"deviceName":"pivault"}""",                       P.SystemConfigUpdate,    401, 403, 403, 200, 200, 403),
        new("GET /api/v1/admin/drives",                    "/api/v1/admin/drives",                              null,                                                 P.SystemConfigRead,      401, 403, 403, 200, 200, 403),
        // A disk that is not attached: 404 shows the caller got past the permission check; nothing is prepared.
        new("POST /api/v1/admin/drives/prepare",           "/api/v1/admin/drives/prepare",                      """{"device":"/dev/sdq","confirmation":"sdq"}""",     P.SystemConfigUpdate,    401, 403, 403, 404, 404, 403),
        new("PUT /api/v1/admin/drives/{uuid}/role",        "/api/v1/admin/drives/3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77/role", """{"role":"none"}""",            P.SystemConfigUpdate,    401, 403, 403, 404, 404, 403),
        // No backup drive and no system bus on a test server: 409 shows the caller got past the permission check; nothing runs.
        new("GET /api/v1/backup",                          "/api/v1/backup",                                    null,                                                 P.SystemConfigRead,      401, 403, 403, 200, 200, 403),
        new("POST /api/v1/backup/run",                     "/api/v1/backup/run",                                null,                                                 P.SystemConfigUpdate,    401, 403, 403, 409, 409, 403),
        new("POST /api/v1/backup/eject",                   "/api/v1/backup/eject",                              null,                                                 P.SystemConfigUpdate,    401, 403, 403, 409, 409, 403),
        // Off-site backup: a body the validation refuses (400) and a remote that does not exist (404) show the caller got past the permission check.
        new("GET /api/v1/offsite",                         "/api/v1/offsite",                                   null,                                                 P.SystemConfigRead,      401, 403, 403, 200, 200, 403),
        new("POST /api/v1/offsite/remotes",                "/api/v1/offsite/remotes",                           """{"name":"m","kind":"floppy"}""",                   P.SystemConfigUpdate,    401, 403, 403, 400, 400, 403),
        new("GET /api/v1/offsite/remotes/{name}",          "/api/v1/offsite/remotes/none",                      null,                                                 P.SystemConfigRead,      401, 403, 403, 404, 404, 403),
        new("PATCH /api/v1/offsite/remotes/{name}",        "/api/v1/offsite/remotes/none",                      """{"intervalHours":24}""",                           P.SystemConfigUpdate,    401, 403, 403, 404, 404, 403),
        new("DELETE /api/v1/offsite/remotes/{name}",       "/api/v1/offsite/remotes/none",                      null,                                                 P.SystemConfigUpdate,    401, 403, 403, 404, 404, 403),
        new("POST /api/v1/offsite/remotes/{name}/run",     "/api/v1/offsite/remotes/none/run",                  null,                                                 P.SystemConfigUpdate,    401, 403, 403, 404, 404, 403),
        new("POST /api/v1/offsite/host-key",               "/api/v1/offsite/host-key",                          """{"host":"-oProxyCommand=x","port":22}""",          P.SystemConfigUpdate,    401, 403, 403, 400, 400, 403),
        // The setup wizard's restore: anyone, but only while there are no users; here there are, so a 409 for all.
        new("GET /api/v1/offsite/restore",                 "/api/v1/offsite/restore",                           null,                                                 null,                    409, 409, 409, 409, 409, 409),
        new("POST /api/v1/offsite/restore",                "/api/v1/offsite/restore",                           """{"name":"m","kind":"floppy"}""",                   null,                    409, 409, 409, 409, 409, 409),
        new("POST /api/v1/system/power-off",               "/api/v1/system/power-off",                          null,                                                 P.SystemConfigUpdate,    401, 403, 403, 409, 409, 403),
        new("GET /api/v1/admin/time-zones",                "/api/v1/admin/time-zones",                          null,                                                 P.SystemConfigRead,      401, 403, 403, 200, 200, 403),
        new("GET /api/v1/system/health",                   "/api/v1/system/health",                             null,                                                 P.JobRead,               401, 403, 403, 200, 200, 403),
        new("GET /api/v1/duplicates",                      "/api/v1/duplicates",                                null,                                                 P.DuplicateRead,         401, 200, 200, 200, 200, 403),
        // No group has this id: 404 shows the caller got past the permission check (only the owner's groups are ever found: DuplicateReviewTests).
        new("POST /api/v1/duplicates/{id}/resolve",        $"/api/v1/duplicates/{NoSuchGroup}/resolve",          """{"keepAssetIds":["{photo}"]}""",                  P.DuplicateDelete,       401, 404, 404, 404, 404, 403),
        new("POST /api/v1/duplicates/{id}/dismiss",        $"/api/v1/duplicates/{NoSuchGroup}/dismiss",          null,                                                 P.DuplicateDelete,       401, 404, 404, 404, 404, 403),
        // People and faces are A's alone: B, the admin and anyone an album is shared with get 404 (PeopleRulesTests).
        new("GET /api/v1/people",                          "/api/v1/people",                                    null,                                                 P.PersonRead,            401, 200, 200, 200, 200, 403),
        new("POST /api/v1/people",                         "/api/v1/people",                                    """{"name":"New"}""",                                 P.PersonCreate,          401, 201, 201, 201, 201, 403),
        new("GET /api/v1/people/{id}",                     "/api/v1/people/{person}",                           null,                                                 P.PersonRead,            401, 200, 404, 404, 200, 403),
        new("PUT /api/v1/people/{id}",                     "/api/v1/people/{person}",                           """{"name":"Pat"}""",                                 P.PersonUpdate,          401, 200, 404, 404, 200, 403),
        new("POST /api/v1/people/{id}/merge",              "/api/v1/people/{person}/merge",                     """{"ids":[]}""",                                     P.PersonMerge,           401, 200, 404, 404, 200, 403),
        new("GET /api/v1/people/{id}/merge-suggestions",   "/api/v1/people/{person}/merge-suggestions",         null,                                                 P.PersonRead,            401, 200, 404, 404, 200, 403),
        new("GET /api/v1/people/{id}/thumbnail",           "/api/v1/people/{person}/thumbnail",                 null,                                                 P.PersonRead,            401, 200, 404, 404, 200, 403),
        new("POST /api/v1/people/recluster",               "/api/v1/people/recluster",                          null,                                                 P.PersonUpdate,          401, 200, 200, 200, 200, 403),
        new("GET /api/v1/assets/{id}/faces",               "/api/v1/assets/{photo}/faces",                      null,                                                 P.FaceRead,              401, 200, 404, 404, 200, 403),
        new("POST /api/v1/assets/{id}/faces",              "/api/v1/assets/{photo}/faces",                      """{"x":1,"y":1,"width":5,"height":5,"imageWidth":100,"imageHeight":100,"personId":"{person}"}""", P.FaceCreate, 401, 201, 404, 404, 201, 403),
        new("PUT /api/v1/faces/{id}",                      "/api/v1/faces/{face}",                              """{"personId":"{person}"}""",                        P.FaceUpdate,            401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/faces/{id}/person",            "/api/v1/faces/{new-face}/person",                   null,                                                 P.FaceUpdate,            401, 204, 404, 404, 204, 403),
        new("DELETE /api/v1/faces/{id}",                   "/api/v1/faces/{new-face}",                          null,                                                 P.FaceDelete,            401, 204, 404, 404, 204, 403),
        new("GET /api/v1/ml/features",                     "/api/v1/ml/features",                               null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        // Smart search is off in the matrix's server (no CLIP model installed): 409 says the caller got past authorization.
        new("POST /api/v1/search",                         "/api/v1/search",                                    """{"query":"a photo of a cat","albumId":"{album}"}""", P.AssetRead,           401, 409, 404, 404, 409, 403),
        new("POST /api/v1/search/text",                    "/api/v1/search/text",                               """{"query":"exit","albumId":"{album}"}""",     P.AssetRead,           401, 200, 404, 404, 200, 403),
        // Takeout imports are their user's (and their starter's): others get 404. An import without parts cannot start (400).
        new("POST /api/v1/imports",                        "/api/v1/imports",                                   "{}",                                                 P.AssetUpload,           401, 201, 201, 201, 201, 403),
        new("GET /api/v1/imports",                         "/api/v1/imports",                                   null,                                                 P.AssetRead,             401, 200, 200, 200, 200, 403),
        new("GET /api/v1/imports/{id}",                    "/api/v1/imports/{new-import}",                      null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("POST /api/v1/imports/{id}/parts",             "/api/v1/imports/{new-import}/parts?name=part.zip",  "{}",                                                 P.AssetUpload,           401, 200, 404, 404, 200, 403),
        new("POST /api/v1/imports/{id}/start",             "/api/v1/imports/{new-import}/start",                null,                                                 P.AssetUpload,           401, 400, 404, 404, 400, 403),
        new("GET /api/v1/imports/{id}/report",             "/api/v1/imports/{new-import}/report",               null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/v1/imports/{id}/folders",             "/api/v1/imports/{new-import}/folders",               null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/imports/{id}",                 "/api/v1/imports/{new-import}",                      null,                                                 P.AssetUpload,           401, 200, 404, 404, 200, 403),
        new("GET /api/v1/admin/jobs",                      "/api/v1/admin/jobs",                                null,                                                 P.JobRead,               401, 403, 403, 200, 200, 403),
        new("GET /api/v1/admin/jobs/{queue}",              "/api/v1/admin/jobs/{queue}",                        null,                                                 P.JobRead,               401, 403, 403, 200, 200, 403),
        new("GET /api/v1/admin/jobs/{queue}/failed",       "/api/v1/admin/jobs/{queue}/failed",                 null,                                                 P.JobRead,               401, 403, 403, 200, 200, 403),
        new("POST /api/v1/admin/jobs/{queue}/pause",       "/api/v1/admin/jobs/{queue}/pause",                  null,                                                 P.JobCreate,             401, 403, 403, 200, 200, 403) { Cleanup = "POST /api/v1/admin/jobs/metadata/resume" },
        new("POST /api/v1/admin/jobs/{queue}/resume",      "/api/v1/admin/jobs/{queue}/resume",                 null,                                                 P.JobCreate,             401, 403, 403, 200, 200, 403),
        new("POST /api/v1/admin/jobs/{queue}/retry-failed", "/api/v1/admin/jobs/{queue}/retry-failed",          null,                                                 P.JobCreate,             401, 403, 403, 200, 200, 403),
        new("POST /api/v1/admin/jobs/{queue}/queue-missing", "/api/v1/admin/jobs/{queue}/queue-missing",        null,                                                 P.JobCreate,             401, 403, 403, 200, 200, 403),
        new("POST /api/v1/admin/jobs/{queue}/queue-all",   "/api/v1/admin/jobs/{queue}/queue-all",              null,                                                 P.JobCreate,             401, 403, 403, 200, 200, 403),
        new("GET /api/v1/memories",                        "/api/v1/memories",                                  null,                                                 P.MemoryRead,            401, 200, 200, 200, 200, 403),
        new("GET /api/v1/memories/{id}",                   "/api/v1/memories/{memory}",                         null,                                                 P.MemoryRead,            401, 200, 404, 404, 200, 403),
        new("PUT /api/v1/memories/{id}",                   "/api/v1/memories/{memory}",                         """{"isSaved":true}""",                               P.MemoryUpdate,          401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/memories/{id}",                "/api/v1/memories/{new-memory}",                     null,                                                 P.MemoryDelete,          401, 204, 404, 404, 204, 403),
        new("POST /api/v1/memories/build",                 "/api/v1/memories/build",                            null,                                                 P.MemoryCreate,          401, 200, 200, 200, 200, 403),
        new("POST /api/v1/stacks",                         "/api/v1/stacks",                                    """{"assetIds":["{outside}","{new-photo}"]}""",       P.StackCreate,           401, 201, 404, 404, 201, 403),
        new("GET /api/v1/stacks/{id}",                     "/api/v1/stacks/{stack}",                            null,                                                 P.StackRead,             401, 200, 404, 404, 200, 403),
        new("PUT /api/v1/stacks/{id}",                     "/api/v1/stacks/{stack}",                            "{}",                                                 P.StackUpdate,           401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/stacks/{id}",                  "/api/v1/stacks/{new-stack}",                        null,                                                 P.StackDelete,           401, 204, 404, 404, 204, 403),
        new("DELETE /api/v1/stacks/{id}/assets/{assetId}", "/api/v1/stacks/{stack}/assets/{photo}",             null,                                                 P.StackUpdate,           401, 400, 404, 404, 400, 403),
        new("GET /api/v1/map/markers",                     "/api/v1/map/markers",                               null,                                                 P.MapRead,               401, 200, 200, 200, 200, 403),
        new("GET /api/v1/tags",                            "/api/v1/tags",                                      null,                                                 P.TagRead,               401, 200, 200, 200, 200, 403),
        new("POST /api/v1/tags",                           "/api/v1/tags",                                      """{"name":"t{unique}"}""",                           P.TagCreate,             401, 201, 201, 201, 201, 403),
        new("PUT /api/v1/tags",                            "/api/v1/tags",                                      """{"tags":["m/{unique}"]}""",                        P.TagCreate,             401, 200, 200, 200, 200, 403),
        new("PUT /api/v1/tags/assets",                     "/api/v1/tags/assets",                               """{"tagIds":["{tag}"],"assetIds":["{photo}"]}""",    P.TagAsset,              401, 200, 404, 404, 200, 403),
        new("GET /api/v1/tags/{id}",                       "/api/v1/tags/{tag}",                                null,                                                 P.TagRead,               401, 200, 404, 404, 200, 403),
        new("PUT /api/v1/tags/{id}",                       "/api/v1/tags/{tag}",                                """{"color":"#112233"}""",                            P.TagUpdate,             401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/tags/{id}",                    "/api/v1/tags/{new-tag}",                            null,                                                 P.TagDelete,             401, 204, 404, 404, 204, 403),
        new("PUT /api/v1/tags/{id}/assets",                "/api/v1/tags/{tag}/assets",                         """{"assetIds":["{photo}"]}""",                       P.TagAsset,              401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/tags/{id}/assets",             "/api/v1/tags/{tag}/assets",                         """{"assetIds":["{outside}"]}""",                     P.TagAsset,              401, 200, 404, 404, 200, 403),
        new("GET /api/v1/partners",                        "/api/v1/partners?direction=shared-with",            null,                                                 P.PartnerRead,           401, 200, 200, 200, 200, 403),
        new("POST /api/v1/partners",                       "/api/v1/partners",                                  """{"sharedWithId":"{new-sharee}"}""",                P.PartnerCreate,         401, 201, 201, 201, 201, 403),
        new("PUT /api/v1/partners/{id}",                   "/api/v1/partners/{userD}",                          """{"inTimeline":true}""",                            P.PartnerUpdate,         401, 200, 404, 404, 200, 403),
        new("DELETE /api/v1/partners/{id}",                "/api/v1/partners/{new-partner}",                    null,                                                 P.PartnerDelete,         401, 204, 404, 404, 204, 403),
        new("GET /api/v1/map/styles",                      "/api/v1/map/styles",                                null,                                                 P.MapRead,               401, 200, 200, 200, 200, 403),
        new("PUT /api/v1/map/styles",                      "/api/v1/map/styles",                                "{}",                                                 P.SystemConfigUpdate,    401, 403, 403, 200, 200, 403),
    ];
}
