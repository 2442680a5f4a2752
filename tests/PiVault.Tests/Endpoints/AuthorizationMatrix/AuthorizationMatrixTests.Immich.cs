using P = PiVault.Server.Features.Auth.Permission;

namespace PiVault.Tests.Endpoints.AuthorizationMatrix;

/// <summary>
/// The Immich-compatible API, read as <see cref="ApiV1"/>. Immich's own rules where they differ: the sync stream is for
/// logged-in sessions only (keys get 403 whatever they hold), any key may ask about itself and validate itself, and the
/// websocket greets every valid credential and tells everyone else "unauthorized" (401 here).
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private const string ImmichBadPassword = """{"password":"not the password","newPassword":"another long password"}""";
    private const string Sha1OfNothingKnown = "0000000000000000000000000000000000000000";

    private static readonly Row[] Immich =
    [
        // endpoint                                        path (if other)                                     body                                                  permission              anon   A    B   admin key+ key-
        new("GET /.well-known/immich",                     "/.well-known/immich",                               null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/.well-known/immich",                 "/api/.well-known/immich",                           null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/ping",                        "/api/server/ping",                                  null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/version",                     "/api/server/version",                               null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/version-history",             "/api/server/version-history",                       null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/features",                    "/api/server/features",                              null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/media-types",                 "/api/server/media-types",                           null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/config",                      "/api/server/config",                                null,                                                 null,                    200, 200, 200, 200, 200, 200),
        new("GET /api/server/about",                       "/api/server/about",                                 null,                                                 P.ServerAbout,           401, 200, 200, 200, 200, 403),
        new("GET /api/server/storage",                     "/api/server/storage",                               null,                                                 P.ServerAbout,           401, 200, 200, 200, 200, 403),
        new("GET /api/server/statistics",                  "/api/server/statistics",                            null,                                                 P.AdminUserRead,         401, 403, 403, 200, 200, 403),

        new("POST /api/auth/admin-sign-up",                "/api/auth/admin-sign-up",                           """{"email":"x{unique}@example.com","name":"X","password":"a long enough password"}""", null, 409, 409, 409, 409, 409, 409),
        new("POST /api/auth/login",                        "/api/auth/login",                                   """{"email":"a@example.com","password":"correct horse battery"}""", null,              201, 201, 201, 201, 201, 201),
        new("POST /api/auth/logout",                       "/api/auth/logout",                                  null,                                                 null,                    401, 200, 200, 200, 200, 200) { FreshSessions = true },
        new("POST /api/auth/validateToken",                "/api/auth/validateToken",                           null,                                                 null,                    401, 200, 200, 200, 200, 200),
        new("POST /api/auth/change-password",              "/api/auth/change-password",                         ImmichBadPassword,                                    null,                    401, 400, 400, 400, 403, 403),
        new("GET /api/users/me",                           "/api/users/me",                                     null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("GET /api/users/me/preferences",               "/api/users/me/preferences",                         null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("PUT /api/users/me/preferences",               "/api/users/me/preferences",                         "{}",                                                 P.UserUpdate,            401, 200, 200, 200, 200, 403),
        new("GET /api/users/me/onboarding",                "/api/users/me/onboarding",                          null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("PUT /api/users/me/onboarding",                "/api/users/me/onboarding",                          """{"isOnboarded":true}""",                           P.UserUpdate,            401, 200, 200, 200, 200, 403),
        new("DELETE /api/users/me/onboarding",             "/api/users/me/onboarding",                          null,                                                 P.UserUpdate,            401, 204, 204, 204, 204, 403),

        new("POST /api/api-keys",                          "/api/api-keys",                                     """{"name":"k","permissions":["apiKey.create"]}""",  P.ApiKeyCreate,          401, 201, 201, 201, 201, 403),
        new("GET /api/api-keys",                           "/api/api-keys",                                     null,                                                 P.ApiKeyRead,            401, 200, 200, 200, 200, 403),
        new("GET /api/api-keys/me",                        "/api/api-keys/me",                                  null,                                                 null,                    401, 400, 400, 400, 200, 200),
        new("GET /api/api-keys/{id}",                      "/api/api-keys/{apikey}",                            null,                                                 P.ApiKeyRead,            401, 200, 404, 404, 200, 403),
        new("PUT /api/api-keys/{id}",                      "/api/api-keys/{new-key}",                           """{"name":"renamed"}""",                             P.ApiKeyUpdate,          401, 200, 404, 404, 200, 403),
        new("DELETE /api/api-keys/{id}",                   "/api/api-keys/{new-key}",                           null,                                                 P.ApiKeyDelete,          401, 204, 404, 404, 204, 403),

        new("POST /api/assets",                            "/api/assets",                                       Upload,                                               P.AssetUpload,           401, 201, 201, 201, 201, 403),
        new("POST /api/assets/bulk-upload-check",          "/api/assets/bulk-upload-check",                     $$"""{"assets":[{"id":"x","checksum":"{{Sha1OfNothingKnown}}"}]}""", P.AssetUpload, 401, 200, 200, 200, 200, 403),
        new("GET /api/assets/statistics",                  "/api/assets/statistics",                            null,                                                 P.AssetStatistics,       401, 200, 200, 200, 200, 403),
        new("DELETE /api/assets",                          "/api/assets",                                       """{"ids":["{new-photo}"]}""",                         P.AssetDelete,           401, 204, 404, 404, 204, 403),
        new("GET /api/assets/{id}",                        "/api/assets/{photo}",                               null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/assets/{id}/ocr",                    "/api/assets/{photo}/ocr",                           null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/assets/{id}/metadata",               "/api/assets/{photo}/metadata",                      null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("GET /api/assets/{id}/metadata/{key}",         "/api/assets/{photo}/metadata/mobile-app",           null,                                                 P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("PUT /api/assets/{id}/metadata",               "/api/assets/{photo}/metadata",                      """{"items":[{"key":"matrix","value":{"n":1}}]}""",   P.AssetUpdate,           401, 200, 404, 404, 200, 403),
        new("DELETE /api/assets/{id}/metadata/{key}",      "/api/assets/{photo}/metadata/matrix-gone",          null,                                                 P.AssetUpdate,           401, 204, 404, 404, 204, 403),
        new("GET /api/assets/{id}/thumbnail",              "/api/assets/{photo}/thumbnail",                     null,                                                 P.AssetView,             401, 200, 404, 404, 200, 403),
        new("GET /api/assets/{id}/original",               "/api/assets/{photo}/original",                      null,                                                 P.AssetDownload,         401, 200, 404, 404, 200, 403),
        new("GET /api/assets/{id}/video/playback",         "/api/assets/{video}/video/playback",                null,                                                 P.AssetView,             401, 200, 404, 404, 200, 403),
        new("POST /api/search/metadata",                   "/api/search/metadata",                              """{"albumIds":["{album}"]}""",                       P.AssetRead,             401, 200, 404, 404, 200, 403),
        new("POST /api/search/smart",                      "/api/search/smart",                                 """{"query":"a photo of a cat","albumIds":["{album}"]}""", P.AssetRead,      401, 409, 404, 404, 409, 403),

        new("GET /api/people",                             "/api/people",                                       null,                                                 P.PersonRead,            401, 200, 200, 200, 200, 403),
        new("POST /api/people",                            "/api/people",                                       """{"name":"New"}""",                                 P.PersonCreate,          401, 201, 201, 201, 201, 403),
        new("PUT /api/people",                             "/api/people",                                       """{"people":[]}""",                                  P.PersonUpdate,          401, 200, 200, 200, 200, 403),
        new("GET /api/people/{id}",                        "/api/people/{person}",                              null,                                                 P.PersonRead,            401, 200, 404, 404, 200, 403),
        new("PUT /api/people/{id}",                        "/api/people/{person}",                              """{"name":"Pat"}""",                                 P.PersonUpdate,          401, 200, 404, 404, 200, 403),
        new("POST /api/people/{id}/merge",                 "/api/people/{person}/merge",                        """{"ids":[]}""",                                     P.PersonMerge,           401, 200, 404, 404, 200, 403),
        new("GET /api/people/{id}/thumbnail",              "/api/people/{person}/thumbnail",                    null,                                                 P.PersonRead,            401, 200, 404, 404, 200, 403),
        new("GET /api/people/{id}/statistics",             "/api/people/{person}/statistics",                   null,                                                 P.PersonStatistics,      401, 200, 404, 404, 200, 403),
        new("GET /api/search/person",                      "/api/search/person?name=Pat",                       null,                                                 P.PersonRead,            401, 200, 200, 200, 200, 403),
        new("GET /api/faces",                              "/api/faces?id={photo}",                             null,                                                 P.FaceRead,              401, 200, 404, 404, 200, 403),
        new("PUT /api/faces/{id}",                         "/api/faces/{face}",                                 """{"id":"{person}"}""",                              P.FaceUpdate,            401, 200, 404, 404, 200, 403),
        new("DELETE /api/faces/{id}",                      "/api/faces/{new-face}",                             null,                                                 P.FaceDelete,            401, 204, 404, 404, 204, 403),

        new("GET /api/duplicates",                         "/api/duplicates",                                   null,                                                 P.DuplicateRead,         401, 200, 200, 200, 200, 403),
        new("POST /api/duplicates/resolve",                "/api/duplicates/resolve",                           """{"groups":[]}""",                                  P.DuplicateDelete,       401, 200, 200, 200, 200, 403),
        new("DELETE /api/duplicates/{id}",                 $"/api/duplicates/{NoSuchGroup}",                     null,                                                 P.DuplicateDelete,       401, 404, 404, 404, 404, 403),
        new("DELETE /api/duplicates",                      "/api/duplicates",                                   """{"ids":[]}""",                                     P.DuplicateDelete,       401, 204, 204, 204, 204, 403),

        new("GET /api/timeline/buckets",                   "/api/timeline/buckets?albumId={album}",             null,                                                 P.TimelineRead,          401, 200, 404, 404, 200, 403),
        new("GET /api/timeline/bucket",                    "/api/timeline/bucket?timeBucket={bucket}-01&albumId={album}", null,                                       P.TimelineRead,          401, 200, 404, 404, 200, 403),

        new("GET /api/albums",                             "/api/albums",                                       null,                                                 P.AlbumRead,             401, 200, 200, 200, 200, 403),
        new("POST /api/albums",                            "/api/albums",                                       """{"albumName":"New album"}""",                      P.AlbumCreate,           401, 201, 201, 201, 201, 403),
        new("GET /api/albums/{id}",                        "/api/albums/{album}",                               null,                                                 P.AlbumRead,             401, 200, 404, 404, 200, 403),
        new("PUT /api/albums/{id}/assets",                 "/api/albums/{album}/assets",                        """{"ids":["{photo}"]}""",                            P.AlbumAssetCreate,      401, 200, 404, 404, 200, 403),
        new("DELETE /api/albums/{id}/assets",              "/api/albums/{new-album}/assets",                    """{"ids":["{photo}"]}""",                            P.AlbumAssetDelete,      401, 200, 404, 404, 200, 403),

        new("GET /api/libraries",                          "/api/libraries",                                    null,                                                 P.LibraryRead,           401, 403, 403, 200, 200, 403),
        new("POST /api/libraries",                         "/api/libraries",                                    """{"ownerId":"{userA}","importPaths":["{libraryDir}"]}""", P.LibraryCreate,   401, 403, 403, 201, 201, 403),
        new("GET /api/libraries/{id}",                     "/api/libraries/{library}",                          null,                                                 P.LibraryRead,           401, 403, 403, 200, 200, 403),
        new("PUT /api/libraries/{id}",                     "/api/libraries/{library}",                          """{"name":"Renamed"}""",                             P.LibraryUpdate,         401, 403, 403, 200, 200, 403),
        new("DELETE /api/libraries/{id}",                  "/api/libraries/{new-library}",                      null,                                                 P.LibraryDelete,         401, 403, 403, 204, 204, 403),
        new("POST /api/libraries/{id}/scan",               "/api/libraries/{library}/scan",                     null,                                                 P.LibraryUpdate,         401, 403, 403, 204, 204, 403),
        new("GET /api/libraries/{id}/statistics",          "/api/libraries/{library}/statistics",               null,                                                 P.LibraryStatistics,     401, 403, 403, 200, 200, 403),
        new("POST /api/libraries/{id}/validate",           "/api/libraries/{library}/validate",                 """{"importPaths":["{libraryDir}"]}""",              P.LibraryRead,           401, 403, 403, 200, 200, 403),
        new("POST /api/download/info",                     "/api/download/info",                                """{"assetIds":["{photo}"]}""",                       P.AssetDownload,         401, 200, 404, 404, 200, 403),
        new("POST /api/download/archive",                  "/api/download/archive",                             """{"assetIds":["{photo}"]}""",                       P.AssetDownload,         401, 200, 404, 404, 200, 403),

        // In-app actions (issue 20).
        new("PUT /api/assets",                             "/api/assets",                                       """{"ids":["{new-photo}"],"isFavorite":true}""",     P.AssetUpdate,           401, 204, 204, 204, 204, 403),
        new("PUT /api/assets/{id}",                        "/api/assets/{photo}",                               """{"description":"matrix"}""",                       P.AssetUpdate,           401, 200, 404, 404, 200, 403),
        new("POST /api/trash/restore/assets",              "/api/trash/restore/assets",                         """{"ids":["{new-trashed}"]}""",                      P.TrashRestore,          401, 200, 404, 404, 200, 403),
        new("POST /api/trash/restore",                     "/api/trash/restore",                                null,                                                 P.TrashRestore,          401, 200, 200, 200, 200, 403),
        new("POST /api/trash/empty",                       "/api/trash/empty",                                  null,                                                 P.TrashEmpty,            401, 200, 200, 200, 200, 403),
        new("PATCH /api/albums/{id}",                      "/api/albums/{new-album}",                           """{"albumName":"Renamed"}""",                        P.AlbumUpdate,           401, 200, 404, 404, 200, 403),
        new("DELETE /api/albums/{id}",                     "/api/albums/{new-album}",                           null,                                                 P.AlbumDelete,           401, 204, 404, 404, 204, 403),
        new("PUT /api/albums/{id}/users",                  "/api/albums/{new-album}/users",                     """{"albumUsers":[{"userId":"{userD}","role":"viewer"}]}""", P.AlbumShare,     401, 200, 404, 404, 200, 403),
        new("DELETE /api/albums/{id}/user/{userId}",       "/api/albums/{new-shared-album}/user/{userD}",       null,                                                 P.AlbumShare,            401, 204, 404, 404, 204, 403),
        new("GET /api/users",                              "/api/users",                                        null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("PUT /api/users/me",                           "/api/users/me",                                     "{}",                                                 P.UserUpdate,            401, 200, 200, 200, 200, 403),
        new("POST /api/users/profile-image",               "/api/users/profile-image",                          Picture,                                              P.UserUpdate,            401, 201, 201, 201, 201, 403),
        new("DELETE /api/users/profile-image",             "/api/users/profile-image",                          null,                                                 P.UserUpdate,            401, 204, 204, 204, 204, 403),
        new("GET /api/users/{id}/profile-image",           "/api/users/{pictured}/profile-image",               null,                                                 P.UserRead,              401, 200, 200, 200, 200, 403),
        new("GET /api/shared-links",                       "/api/shared-links",                                 null,                                                 P.SharedLinkRead,        401, 200, 200, 200, 200, 403),
        new("GET /api/shared-links/{id}",                  "/api/shared-links/{new-link}",                      null,                                                 P.SharedLinkRead,        401, 200, 404, 404, 200, 403),
        new("POST /api/shared-links",                      "/api/shared-links",                                 """{"type":"INDIVIDUAL","assetIds":["{photo}"]}""",  P.SharedLinkCreate,      401, 201, 400, 400, 201, 403),
        new("PATCH /api/shared-links/{id}",                "/api/shared-links/{new-link}",                      """{"description":"x"}""",                            P.SharedLinkCreate,      401, 200, 404, 404, 200, 403),
        new("DELETE /api/shared-links/{id}",               "/api/shared-links/{new-link}",                      null,                                                 P.SharedLinkDelete,      401, 204, 404, 404, 204, 403),
        new("PUT /api/shared-links/{id}/assets",           "/api/shared-links/{new-link}/assets",               """{"assetIds":["{photo}"]}""",                       P.SharedLinkCreate,      401, 200, 404, 404, 200, 403),
        new("DELETE /api/shared-links/{id}/assets",        "/api/shared-links/{new-link}/assets",               """{"assetIds":["{photo}"]}""",                       P.SharedLinkCreate,      401, 200, 404, 404, 200, 403),
        new("GET /api/search/explore",                     "/api/search/explore",                               null,                                                 P.AssetRead,             401, 200, 200, 200, 200, 403),
        new("GET /api/search/cities",                      "/api/search/cities",                                null,                                                 P.AssetRead,             401, 200, 200, 200, 200, 403),
        new("GET /api/search/suggestions",                 "/api/search/suggestions?type=city",                 null,                                                 P.AssetRead,             401, 200, 200, 200, 200, 403),

        // The locked folder: bodies that fail validation, so no row changes a PIN another row relies on.
        new("GET /api/auth/status",                        "/api/auth/status",                                  null,                                                 null,                    401, 200, 200, 200, 200, 200),
        new("POST /api/auth/pin-code",                     "/api/auth/pin-code",                                """{"pinCode":"12"}""",                               null,                    401, 400, 400, 400, 400, 400),
        new("PUT /api/auth/pin-code",                      "/api/auth/pin-code",                                """{"pinCode":"1234","newPinCode":"12"}""",           null,                    401, 400, 400, 400, 400, 400),
        new("DELETE /api/auth/pin-code",                   "/api/auth/pin-code",                                "{}",                                                 null,                    401, 400, 400, 400, 400, 400),
        new("POST /api/auth/session/unlock",               "/api/auth/session/unlock",                          "{}",                                                 null,                    401, 400, 400, 400, 403, 403),
        new("POST /api/auth/session/lock",                 "/api/auth/session/lock",                            null,                                                 null,                    401, 204, 204, 204, 204, 204),

        new("POST /api/sync/stream",                       "/api/sync/stream",                                  """{"types":["AuthUsersV1"]}""",                      null,                    401, 200, 200, 200, 403, 403),
        new("GET /api/sync/ack",                           "/api/sync/ack",                                     null,                                                 null,                    401, 200, 200, 200, 403, 403),
        new("POST /api/sync/ack",                          "/api/sync/ack",                                     """{"acks":[]}""",                                    null,                    401, 204, 204, 204, 403, 403),
        new("DELETE /api/sync/ack",                        "/api/sync/ack",                                     """{"types":["AuthUserV1"]}""",                       null,                    401, 204, 204, 204, 403, 403),

        new("* /api/socket.io",                            "/api/socket.io?EIO=4&transport=websocket",          null,                                                 null,                    401, 101, 101, 101, 101, 101) { Socket = true },
        new("GET /api/memories",                           "/api/memories?for=2026-12-07T12:00:00Z",            null,                                                 P.MemoryRead,            401, 200, 200, 200, 200, 403),
        new("GET /api/memories/statistics",                "/api/memories/statistics",                          null,                                                 P.MemoryStatistics,      401, 200, 200, 200, 200, 403),
        new("POST /api/memories",                          "/api/memories",                                     """{"type":"on_this_day","data":{"year":2020},"memoryAt":"2020-01-01T00:00:00Z","assetIds":["{photo}"]}""", P.MemoryCreate, 401, 201, 201, 201, 201, 403),
        new("GET /api/memories/{id}",                      "/api/memories/{memory}",                            null,                                                 P.MemoryRead,            401, 200, 404, 404, 200, 403),
        new("PUT /api/memories/{id}",                      "/api/memories/{memory}",                            """{"isSaved":true}""",                               P.MemoryUpdate,          401, 200, 404, 404, 200, 403),
        new("DELETE /api/memories/{id}",                   "/api/memories/{new-memory}",                        null,                                                 P.MemoryDelete,          401, 204, 404, 404, 204, 403),
        new("PUT /api/memories/{id}/assets",               "/api/memories/{memory}/assets",                     """{"ids":["{photo}"]}""",                            P.MemoryAssetCreate,     401, 200, 404, 404, 200, 403),
        new("DELETE /api/memories/{id}/assets",            "/api/memories/{memory}/assets",                     """{"ids":["{outside}"]}""",                          P.MemoryAssetDelete,     401, 200, 404, 404, 200, 403),
        new("GET /api/stacks",                             "/api/stacks",                                       null,                                                 P.StackRead,             401, 200, 200, 200, 200, 403),
        new("POST /api/stacks",                            "/api/stacks",                                       """{"assetIds":["{outside}","{new-photo}"]}""",       P.StackCreate,           401, 201, 404, 404, 201, 403),
        new("DELETE /api/stacks",                          "/api/stacks",                                       """{"ids":["{new-stack}"]}""",                        P.StackDelete,           401, 204, 404, 404, 204, 403),
        new("GET /api/stacks/{id}",                        "/api/stacks/{stack}",                               null,                                                 P.StackRead,             401, 200, 404, 404, 200, 403),
        new("PUT /api/stacks/{id}",                        "/api/stacks/{stack}",                               "{}",                                                 P.StackUpdate,           401, 200, 404, 404, 200, 403),
        new("DELETE /api/stacks/{id}",                     "/api/stacks/{new-stack}",                           null,                                                 P.StackDelete,           401, 204, 404, 404, 204, 403),
        new("DELETE /api/stacks/{id}/assets/{assetId}",    "/api/stacks/{stack}/assets/{photo}",                null,                                                 P.StackUpdate,           401, 400, 404, 404, 400, 403),
        new("GET /api/map/markers",                        "/api/map/markers?withSharedAlbums=true",            null,                                                 P.MapRead,               401, 200, 200, 200, 200, 403),
        new("GET /api/partners",                           "/api/partners?direction=shared-by",                 null,                                                 P.PartnerRead,           401, 200, 200, 200, 200, 403),
        new("POST /api/partners",                          "/api/partners",                                     """{"sharedWithId":"{new-sharee}"}""",                P.PartnerCreate,         401, 201, 201, 201, 201, 403),
        new("POST /api/partners/{id}",                     "/api/partners/{new-sharee}",                        null,                                                 P.PartnerCreate,         401, 201, 201, 201, 201, 403),
        new("PUT /api/partners/{id}",                      "/api/partners/{userD}",                             """{"inTimeline":false}""",                           P.PartnerUpdate,         401, 200, 404, 404, 200, 403),
        new("DELETE /api/partners/{id}",                   "/api/partners/{new-partner}",                       null,                                                 P.PartnerDelete,         401, 204, 404, 404, 204, 403),
        new("GET /api/map/reverse-geocode",                "/api/map/reverse-geocode?lat=48.85&lon=2.35",       null,                                                 P.MapRead,               401, 200, 200, 200, 200, 403),

        // "No such API endpoint" (Http/NoSuchEndpoint): one per API group, each in its group's error shape.
        new("* /api/{**rest}",                             "/api/no/such/endpoint",                             null,                                                 null,                    404, 404, 404, 404, 404, 404),
        new("* /api/v1/{**rest}",                          "/api/v1/no/such/endpoint",                          null,                                                 null,                    404, 404, 404, 404, 404, 404),
    ];
}
