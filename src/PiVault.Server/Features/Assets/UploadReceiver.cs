using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PiVault.Server.Configuration;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Assets;

/// <summary>A file that has arrived whole: flushed to a temp file on the library volume and hashed.</summary>
public sealed record ReceivedUpload(string TempPath, byte[] Sha1, long Size, string FileName, MediaKind Media, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads a multipart upload as a stream: form fields into memory (small, bounded), the file part straight
/// to a temp file while computing its SHA-1, so memory stays flat whatever the file size. On any failure the
/// temp file is deleted before the exception leaves.
/// </summary>
public sealed class UploadReceiver(IFileStore files, PiVaultOptions options, UploadActivity activity)
{
    /// <summary>Part names that carry the asset: PiVault's own <c>file</c> and Immich's <c>assetData</c>.</summary>
    private static readonly HashSet<string> AssetPartNames = new(StringComparer.Ordinal) { "file", "assetData" };

    private const int FieldLimitBytes = 64 * 1024;
    private const int MaxFields = 64;

    /// <summary>Room for the multipart framing and form fields on top of the file itself.</summary>
    private const long FormOverheadBytes = MaxFields * FieldLimitBytes;

    private const int BufferBytes = 256 * 1024;

    public async Task<ReceivedUpload> ReceiveAsync(HttpContext context, CancellationToken cancel)
    {
        // Heavy background work yields to a running backup (see HealthGovernor).
        using var uploading = activity.Begin();
        var boundary = Boundary(context.Request.ContentType);
        var limit = options.MaxUploadBytes + FormOverheadBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge();
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit;
        }
        // The reader's own buffer sets the size of every read: its 4 KB default meant 12,000 hash-and-write calls per 50 MB.
        var reader = new MultipartReader(boundary, context.Request.Body, BufferBytes) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Path, byte[] Sha1, long Size, MediaKind Media, string Name)? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancel) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                {
                    throw ApiException.BadRequest("A part of the multipart body has no valid Content-Disposition: form-data header.");
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    if (file is null && AssetPartNames.Contains(name))
                    {
                        file = await SaveAsync(section.Body, fileName, cancel);
                    }
                    else
                    {
                        await section.Body.CopyToAsync(Stream.Null, cancel); // sidecars and extra files are not kept yet
                    }
                }
                else if (fields.Count < MaxFields)
                {
                    fields[name] = await ReadFieldAsync(section, name, cancel);
                }
            }
        }
        catch (Exception e)
        {
            if (file is { } saved)
            {
                files.DiscardTemp(saved.Path);
            }
            var translated = Translate(e, context);
            if (ReferenceEquals(translated, e))
            {
                throw;
            }
            throw translated;
        }
        if (file is not { } received)
        {
            throw ApiException.BadRequest("The upload has no file: send the photo or video in a multipart part named \"file\" (or \"assetData\").");
        }
        var displayName = fields.TryGetValue("filename", out var overridden) && overridden.Length > 0 ? overridden : received.Name;
        return new ReceivedUpload(received.Path, received.Sha1, received.Size, displayName, received.Media, fields);
    }

    /// <summary>
    /// Receives a file from any stream the way an upload's file part is received (temp file on the library volume, SHA-1
    /// in-stream, type from the bytes, size limit, fsync): a Takeout import's archive entries come in here, so
    /// <see cref="AssetService.Store"/> sees them exactly as it sees uploads.
    /// </summary>
    public async Task<ReceivedUpload> ReceiveStreamAsync(Stream body, string fileName, IReadOnlyDictionary<string, string> fields, CancellationToken cancel)
    {
        var (path, sha1, size, media, name) = await SaveAsync(body, fileName, cancel);
        return new ReceivedUpload(path, sha1, size, name, media, fields);
    }

    private async Task<(string Path, byte[] Sha1, long Size, MediaKind Media, string Name)> SaveAsync(Stream body, string fileName, CancellationToken cancel)
    {
        using var temp = files.CreateTemp();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var sha1 = ContentChecksum.Begin();
            var head = new byte[MediaSniffer.HeadLength];
            var headLength = 0;
            long size = 0;
            int read;
            while ((read = await FillAsync(body, buffer, cancel)) > 0)
            {
                size += read;
                if (size > options.MaxUploadBytes)
                {
                    throw TooLarge();
                }
                if (headLength < head.Length)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                    if (headLength == head.Length)
                    {
                        _ = RequireMedia(head, fileName); // refuse early, before gigabytes of something else reach the disk
                    }
                }
                sha1.AppendData(buffer, 0, read);
                temp.Stream.Write(buffer, 0, read); // one write per full buffer; async file writes only add a thread hop on Linux
            }
            if (size == 0)
            {
                throw ApiException.BadRequest($"The file \"{fileName}\" is empty.");
            }
            var media = RequireMedia(head.AsSpan(0, headLength), fileName);
            // fsync before the caller renames it into the library: the rename must never expose a half-written file.
            temp.Stream.Flush(flushToDisk: true);
            return (temp.Path, sha1.GetHashAndReset(), size, media, fileName);
        }
        catch
        {
            temp.Dispose();
            files.DiscardTemp(temp.Path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the buffer is full or the part ends; returns the bytes read (0 at the end).</summary>
    private static async Task<int> FillAsync(Stream body, byte[] buffer, CancellationToken cancel)
    {
        var filled = 0;
        int read;
        while (filled < BufferBytes && (read = await body.ReadAsync(buffer.AsMemory(filled, BufferBytes - filled), cancel)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    /// <summary>The type comes from the bytes (the name only refines it): anything that is not a photo or video PiVault knows gets 415.</summary>
    private static MediaKind RequireMedia(ReadOnlySpan<byte> head, string fileName) =>
        MediaSniffer.Classify(head, fileName) ?? throw ApiException.Unsupported(MediaSniffer.Unrecognised(head, fileName));

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken cancel)
    {
        using var reader = new StreamReader(section.Body);
        var buffer = new char[FieldLimitBytes + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancel);
        return length <= FieldLimitBytes
            ? new string(buffer, 0, length)
            : throw ApiException.BadRequest($"The form field \"{name}\" is longer than {FieldLimitBytes} characters.");
    }

    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.BadRequest("Send the upload as multipart/form-data with the file in a part named \"file\".");
        }
        var boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value;
        return string.IsNullOrEmpty(boundary) || boundary.Length > 200
            ? throw ApiException.BadRequest("The multipart/form-data Content-Type has no valid boundary.")
            : boundary;
    }

    private ApiException TooLarge() =>
        ApiException.TooLarge($"The file is larger than this server accepts ({options.MaxUploadBytes / (1024 * 1024)} MB).");

    /// <summary>Framing errors and cut-off bodies become a 400 that says so, a full or vanished disk a 507/503; everything else passes through.</summary>
    private static Exception Translate(Exception e, HttpContext context) => e switch
    {
        ApiException => e,
        BadHttpRequestException { StatusCode: 413 } => ApiException.TooLarge(e.Message),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
            ApiException.BadRequest("The upload was cut off before the file arrived whole; nothing was stored."),
        _ when DiskFaults.Classify(e) is { } fault => ApiException.Disk(fault),
        IOException or InvalidDataException or BadHttpRequestException =>
            ApiException.BadRequest($"The multipart body is malformed or incomplete: {e.Message} Nothing was stored."),
        _ => e,
    };
}
