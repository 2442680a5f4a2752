namespace PiVault.Server.Storage;

/// <summary>
/// The library of originals on disk. Originals are written once (temp file, fsync, atomic rename) and never modified.
/// Paths handed out are relative to the library root so that tiers can move files without rewriting meaning.
/// </summary>
public interface IFileStore
{
    /// <summary>Opens a new temp file on the library volume; the caller owns it until <see cref="CommitOriginal"/> or <see cref="DiscardTemp"/>.</summary>
    TempUpload CreateTemp();

    /// <summary>
    /// Moves a flushed temp file to <c>&lt;owner&gt;/&lt;yyyy&gt;/&lt;mm&gt;/&lt;name&gt;</c> under a name not yet taken and flushes
    /// the directory. Each name is written to <paramref name="journal"/> before the rename (see <see cref="UploadJournal"/>);
    /// the caller completes or abandons the entry of the returned relative path.
    /// </summary>
    string CommitOriginal(string tempPath, string ownerId, DateTimeOffset date, string fileName, IRenameJournal journal);

    /// <summary>
    /// Renames a flushed temp file to an asset's own relative path (its original coming back from the cold tier), creating
    /// and flushing the folders; whatever is at that path is a leftover of the same asset, since no two assets share a path.
    /// </summary>
    void PlaceOriginal(string tempPath, string relativePath);

    /// <summary>Temp files of uploads in flight or cut off, as paths relative to the library.</summary>
    IEnumerable<string> EnumerateTemps();

    void DiscardTemp(string tempPath);

    void DeleteOriginal(string relativePath);

    string FullPath(string relativePath);

    bool Exists(string relativePath);

    /// <summary>Removes temp files left by uploads that were cut off (crash, power loss); returns how many.</summary>
    int RemoveLeftoverTemps();

    /// <summary>Every original on disk, as relative paths; temp files excluded.</summary>
    IEnumerable<string> EnumerateOriginals();
}

/// <summary>A temp file being written by an upload. Disposing closes the stream but keeps the file.</summary>
public sealed class TempUpload(string path, FileStream stream) : IDisposable
{
    public string Path { get; } = path;

    public FileStream Stream { get; } = stream;

    public void Dispose() => Stream.Dispose();
}
