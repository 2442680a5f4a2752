namespace PiVault.Server.Storage;

public enum DerivedKind
{
    Thumbnail,
    Preview,
}

/// <summary>
/// Files made from originals (thumbnails, previews) under <c>&lt;data&gt;/thumbs/&lt;owner&gt;/&lt;xx&gt;/&lt;id&gt;-&lt;kind&gt;.&lt;ext&gt;</c>.
/// They can always be made again, but are still written atomically so a reader never sees half a file.
/// </summary>
public sealed class DerivedFileStore(string root)
{
    public string PathFor(string ownerId, string assetId, DerivedKind kind)
    {
        // The random tail of a UUID v7 spreads files over 256 folders; its head is a timestamp.
        var shard = assetId[^2..];
        var name = kind == DerivedKind.Thumbnail ? $"{assetId}-thumbnail.webp" : $"{assetId}-preview.jpeg";
        return Path.Combine(root, ownerId, shard, name);
    }

    public static string ContentType(DerivedKind kind) => kind == DerivedKind.Thumbnail ? "image/webp" : "image/jpeg";

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
