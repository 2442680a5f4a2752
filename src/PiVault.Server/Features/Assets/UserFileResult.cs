using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// The one way PiVault answers with a file a user uploaded or one made from it (originals, thumbnails, previews,
/// playback copies), on its own API, the Immich API and share links. Such files are untrusted: the browser is told not
/// to guess their type (<c>nosniff</c>) and to treat them as a sandboxed document that runs no script and loads
/// nothing but itself (<see cref="ContentSecurityPolicy"/>); only the photo and video types PiVault stores are shown
/// inline, anything else (an SVG or web page a server before the upload check stored) is sent as an attachment of type
/// <c>application/octet-stream</c>. docs/security.md has the table.
/// </summary>
public sealed class UserFileResult : IResult
{
    public const string ContentSecurityPolicy = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

    public const string AttachmentType = "application/octet-stream";

    private readonly PhysicalFileHttpResult file;

    private UserFileResult(string path, string contentType, string? downloadName, DateTimeOffset? lastModified, EntityTagHeaderValue entityTag, bool ranges)
    {
        var inline = MediaTypes.IsMediaType(contentType);
        file = TypedResults.PhysicalFile(path, inline ? contentType : AttachmentType, downloadName ?? (inline ? null : Path.GetFileName(path)),
            lastModified, entityTag, ranges);
    }

    /// <summary>The untouched original with its checksum as ETag and Range support; an attachment named as uploaded when <paramref name="download"/>.</summary>
    public static UserFileResult Original(AssetRecord asset, string path, bool download) =>
        new(path, asset.MimeType, download || !MediaTypes.IsMediaType(asset.MimeType) ? asset.OriginalFileName : null, asset.FileModifiedAt,
            new EntityTagHeaderValue($"\"{Convert.ToHexString(asset.Checksum)}\""), ranges: true);

    /// <summary>A thumbnail or preview; its ETag changes when the pipeline makes it again.</summary>
    public static UserFileResult Derived(AssetRecord asset, string path, DerivedKind kind) =>
        new(path, DerivedFileStore.ContentType(kind), null, asset.ThumbnailsAt,
            new EntityTagHeaderValue($"\"{asset.ThumbnailsAt!.Value.ToUnixTimeMilliseconds()}-{kind}\""), ranges: false);

    /// <summary>A video's playback copy, with Range support for seeking.</summary>
    public static UserFileResult PlaybackCopy(FileInfo copy) =>
        new(copy.FullName, DerivedFileStore.ContentType(DerivedKind.Playback), null, copy.LastWriteTimeUtc,
            new EntityTagHeaderValue($"\"{copy.LastWriteTimeUtc.Ticks:x}-playback\""), ranges: true);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var headers = httpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return file.ExecuteAsync(httpContext);
    }
}
