using Microsoft.Data.Sqlite;
using PiVault.Server.Hosting;

namespace PiVault.Server.Data;

/// <summary>
/// sqlite-vec (<c>vec0.so</c>, from npm <c>sqlite-vec-linux-x64</c> / <c>-arm64</c>), the vector index smart search
/// stores CLIP embeddings in. It is looked for where PiVault's other shipped native libraries are (beside the binary,
/// then /usr/lib/pivault) and loaded into every connection <see cref="Database"/> opens. A missing or unloadable
/// file turns only smart search off, with <see cref="Reason"/> for the admin; every other query works without it.
/// </summary>
public static class SqliteVec
{
    public const string FileName = "vec0.so";

    private static readonly Lock Gate = new();
    private static string? path = Find();
    private static string? failure = path is null ? $"{FileName} (sqlite-vec) was not found beside the binary or in {NativeLibraries.ImageLibraryFolder}" : null;

    /// <summary>Whether connections get the vec0 module and the vec_* functions.</summary>
    public static bool Available => path is not null;

    /// <summary>Why it is not available (null when it is).</summary>
    public static string? Reason => failure;

    /// <summary>Loads sqlite-vec into a new connection; a load failure switches it off for the rest of the process, never fails the caller.</summary>
    public static void LoadInto(SqliteConnection connection)
    {
        var file = path;
        if (file is null)
        {
            return;
        }
        try
        {
            connection.LoadExtension(file);
        }
        catch (SqliteException e)
        {
            lock (Gate)
            {
                path = null;
                failure = $"{file} could not be loaded: {e.Message}";
            }
        }
    }

    /// <summary>For tests: use this file (or none), as if it had been found at start-up.</summary>
    internal static void UseForTests(string? file, string? reason = null)
    {
        lock (Gate)
        {
            path = file;
            failure = file is null ? reason ?? "switched off by a test" : null;
        }
    }

    private static string? Find() =>
        NativeLibraries.SearchFolders.Select(folder => Path.Combine(folder, FileName)).FirstOrDefault(File.Exists);
}
