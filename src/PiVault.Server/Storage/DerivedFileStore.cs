namespace PiVault.Server.Storage;

public enum DerivedKind
{
    Thumbnail,
    Preview,

    /// <summary>The H.264 copy of a video browsers cannot play as it is; most videos have none.</summary>
    Playback,
}

/// <summary>
/// Files made from originals (thumbnails, previews, video playback copies) under <c>&lt;data&gt;/thumbs/&lt;owner&gt;/&lt;xx&gt;/&lt;id&gt;-&lt;kind&gt;.&lt;ext&gt;</c>.
/// They can always be made again, but are still written atomically so a reader never sees half a file.
/// </summary>
public sealed class DerivedFileStore(string root)
{
    private const string TempFolderName = ".tmp";

    public string PathFor(string ownerId, string assetId, DerivedKind kind)
    {
        // The random tail of a UUID v7 spreads files over 256 folders; its head is a timestamp.
        var shard = assetId[^2..];
        return Path.Combine(root, ownerId, shard, $"{assetId}-{Format(kind).Suffix}");
    }

    public static string ContentType(DerivedKind kind) => Format(kind).ContentType;

    /// <summary>The one place that says how each kind is named on disk and served.</summary>
    private static (string Suffix, string ContentType) Format(DerivedKind kind) => kind switch
    {
        DerivedKind.Thumbnail => ("thumbnail.webp", "image/webp"),
        DerivedKind.Preview => ("preview.jpeg", "image/jpeg"),
        _ => ("playback.mp4", "video/mp4"),
    };

    /// <summary>
    /// A fresh temporary path on the same volume, for a tool that writes a large file itself (ffmpeg); hand it to
    /// <see cref="Commit"/>, and delete it whatever happens. What a power cut leaves there, start-up removes
    /// (<see cref="RemoveLeftoverTemps"/>).
    /// </summary>
    public string TempPathFor(DerivedKind kind)
    {
        var folder = Path.Combine(root, TempFolderName);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}-{Format(kind).Suffix}");
    }

    /// <summary>Deletes the temporary files of interrupted runs; returns how many there were.</summary>
    public int RemoveLeftoverTemps()
    {
        var folder = Path.Combine(root, TempFolderName);
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var files = Directory.GetFiles(folder);
        foreach (var file in files)
        {
            File.Delete(file);
        }
        return files.Length;
    }

    /// <summary>Flushes a finished temporary file to disk and renames it into place, replacing the previous one.</summary>
    public void Commit(string tempPath, string ownerId, string assetId, DerivedKind kind)
    {
        using (var stream = new FileStream(tempPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0))
        {
            stream.Flush(flushToDisk: true);
        }
        var path = PathFor(ownerId, assetId, kind);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(tempPath, path, overwrite: true);
    }

    public void Delete(string ownerId, string assetId, DerivedKind kind) => File.Delete(PathFor(ownerId, assetId, kind));

    public void Write(string ownerId, string assetId, DerivedKind kind, ReadOnlySpan<byte> bytes)
    {
        var path = PathFor(ownerId, assetId, kind);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public void DeleteAll(string ownerId, string assetId)
    {
        foreach (var kind in Enum.GetValues<DerivedKind>())
        {
            File.Delete(PathFor(ownerId, assetId, kind));
        }
    }
}
