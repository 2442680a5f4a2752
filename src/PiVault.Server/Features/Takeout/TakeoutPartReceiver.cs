using System.Buffers;
using PiVault.Server.Configuration;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// Uploaded archive parts, kept in <c>&lt;data&gt;/imports/&lt;import id&gt;/</c> until the import ends: streamed to a temp
/// file, flushed, then renamed to its numbered name, so a part on disk is always whole. The import reads them from there
/// without unpacking; cancelling or finishing an upload import deletes them.
/// </summary>
public sealed class TakeoutPartReceiver(PiVaultOptions options)
{
    private const int BufferBytes = 256 * 1024;

    public string FolderOf(string importId) => Path.Combine(options.DataDir, "imports", importId);

    public async Task<(string Path, long Size)> ReceiveAsync(string importId, Stream body, CancellationToken cancel)
    {
        var folder = FolderOf(importId);
        DirectorySync.CreateDirectoryDurably(folder);
        var temp = Path.Combine(folder, $".part-{Guid.NewGuid():N}.tmp");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            long size = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferBytes), cancel)) > 0)
                {
                    size += read;
                    if (size > options.MaxUploadBytes)
                    {
                        throw ApiException.TooLarge($"The part is larger than this server accepts ({options.MaxUploadBytes / (1024 * 1024)} MB).");
                    }
                    file.Write(buffer, 0, read);
                }
                if (size == 0)
                {
                    throw ApiException.BadRequest("The archive part is empty.");
                }
                file.Flush(flushToDisk: true);
            }
            var final = Path.Combine(folder, $"part-{Guid.CreateVersion7():N}.archive");
            File.Move(temp, final);
            DirectorySync.Flush(folder);
            return (final, size);
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            File.Delete(temp);
            throw translated;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A full or vanished disk is a 507/503; a body cut off is a 400 that says so; the rest passes through.</summary>
    private static ApiException? Translate(Exception e) => e switch
    {
        _ when DiskFaults.Classify(e) is { } fault => ApiException.Disk(fault),
        IOException or BadHttpRequestException or OperationCanceledException =>
            ApiException.BadRequest($"The part was cut off before it arrived whole ({e.Message}); send it again."),
        _ => null,
    };

    public void DeleteAll(string importId)
    {
        var folder = FolderOf(importId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
