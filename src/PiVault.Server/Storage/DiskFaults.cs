using Microsoft.Data.Sqlite;

namespace PiVault.Server.Storage;

/// <summary>What is wrong with a disk, in the words the health page and the error messages use.</summary>
public enum DiskFaultKind
{
    /// <summary>No space left (ENOSPC, EDQUOT, SQLITE_FULL).</summary>
    Full,

    /// <summary>Mounted read-only, for instance remounted after an I/O error (EROFS, SQLITE_READONLY).</summary>
    ReadOnly,

    /// <summary>The folder is gone: the drive unplugged or unmounted (ENOENT on PiVault's own folders, ENODEV, ENXIO, SQLITE_CANTOPEN).</summary>
    Missing,
}

/// <summary>
/// The one place that tells a disk fault from any other failure: errno values carried by .NET's IO exceptions (on
/// Linux an <see cref="IOException"/>'s HResult is the raw errno when .NET has no more specific type for it) and
/// SQLite's result codes. Callers turn a fault into a 507/503 for clients, a postponed job, or a health warning.
/// </summary>
public static class DiskFaults
{
    private const int NoSuchDevice = 19; // ENODEV
    private const int NoSuchDeviceOrAddress = 6; // ENXIO
    private const int NoSpace = 28; // ENOSPC
    private const int ReadOnlyFileSystem = 30; // EROFS
    private const int QuotaExceeded = 122; // EDQUOT
    private const int StaleHandle = 116; // ESTALE: a network or removed filesystem

    private const int SqliteReadOnly = 8;
    private const int SqliteCantOpen = 14;
    private const int SqliteFull = 13;

    /// <summary>The fault behind <paramref name="error"/> (or one of its inner exceptions); null when it is not a disk fault.</summary>
    public static DiskFaultKind? Classify(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (Of(e) is { } kind)
            {
                return kind;
            }
        }
        return null;
    }

    private static DiskFaultKind? Of(Exception e) => e switch
    {
        DirectoryNotFoundException or FileNotFoundException => DiskFaultKind.Missing,
        SqliteException sqlite => sqlite.SqliteErrorCode switch
        {
            SqliteFull => DiskFaultKind.Full,
            SqliteReadOnly => DiskFaultKind.ReadOnly,
            SqliteCantOpen => DiskFaultKind.Missing,
            _ => null,
        },
        IOException io => io.HResult switch
        {
            NoSpace or QuotaExceeded => DiskFaultKind.Full,
            ReadOnlyFileSystem => DiskFaultKind.ReadOnly,
            NoSuchDevice or NoSuchDeviceOrAddress or StaleHandle => DiskFaultKind.Missing,
            _ => null,
        },
        _ => null,
    };

    /// <summary>The title the health page shows and the first words of the error clients get.</summary>
    public static string Title(DiskFaultKind kind, string? drive = null)
    {
        var disk = drive is null ? "The disk" : $"The {drive} disk";
        return kind switch
        {
            DiskFaultKind.Full => $"{disk} is full",
            DiskFaultKind.ReadOnly => $"{disk} is read-only",
            _ => $"{disk} is missing",
        };
    }

    /// <summary>What a client is told: what happened to its request, and what fixes it.</summary>
    public static string Detail(DiskFaultKind kind) => kind switch
    {
        DiskFaultKind.Full => "The library disk is full: nothing was stored. Free some space (empty the trash, delete what is not needed) or move the library to a larger drive, then try again.",
        DiskFaultKind.ReadOnly => "The library disk is read-only (the system may have switched it to read-only after a disk error): nothing was stored. Check the drive; PiVault carries on by itself once it is writable again.",
        _ => "The library disk is missing (unplugged or not mounted): nothing was stored. Reconnect the drive; PiVault carries on by itself once it is back.",
    };
}
