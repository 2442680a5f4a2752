using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Server.Features.Drives;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Drives;

/// <summary>
/// The library moved onto the drive given the hot role (<see cref="LibraryRelocation"/>), on a real data folder with
/// uploads and their thumbnails and a real folder standing in for the drive (a mount table names it as mounted), with a
/// crash injected after every durable step: at each point every original reaches through <c>&lt;data&gt;/library</c>
/// with its SHA-1, and the next start finishes with one copy of each file, on the drive.
/// </summary>
public sealed class LibraryRelocationTests : IAsyncDisposable
{
    private readonly ServiceTier tier = new();
    private readonly string drive = TempDir.Create();
    private readonly string mountInfo;
    private readonly List<string> assets = [];
    private readonly Dictionary<string, byte[]> thumbs;

    public LibraryRelocationTests()
    {
        mountInfo = drive + ".mountinfo";
        File.WriteAllText(mountInfo, $"36 22 259:1 / {drive} rw,noatime - ext4 /dev/nvme0n1p1 rw\n");
        var owner = tier.CreateUser("owner");
        for (var i = 0; i < 4; i++)
        {
            assets.Add(tier.Photo(owner, 300 + i));
        }
        tier.RunJobsAsync().GetAwaiter().GetResult();
        thumbs = Tree(Thumbs);
        Assert.NotEmpty(thumbs);
    }

    private string Library => tier.Options.LibraryDir;

    private string Thumbs => Path.Combine(tier.Options.DataDir, "thumbs");

    public async ValueTask DisposeAsync()
    {
        File.Delete(mountInfo);
        TempDir.Delete(drive);
        await tier.DisposeAsync();
    }

    [Fact]
    public void The_library_and_its_thumbnails_move_onto_the_hot_drive_and_read_the_same_there()
    {
        Assert.Equal(LibraryPlace.HotDrive, Relocation().Run());

        Assert.Equal(Path.Combine(drive, "library"), new DirectoryInfo(Library).LinkTarget);
        Assert.Equal(Path.Combine(drive, "thumbs"), new DirectoryInfo(Thumbs).LinkTarget);
        AssertOriginalsReadRight(onDrive: true);
        Assert.Equal(thumbs, Tree(Thumbs));
        Assert.Equal(thumbs.Keys.Order(StringComparer.Ordinal), Tree(Path.Combine(drive, "thumbs")).Keys.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Library + LibraryRelocation.MovingSuffix));
        Assert.True(LibraryRelocation.IsOnHotDrive(tier.Options.DataDir));

        // The server carries on through the link: a new upload lands on the drive; a second start changes nothing.
        var later = tier.Photo(tier.CreateUser("later"), 400);
        Assert.True(File.Exists(Path.Combine(drive, "library", tier.Asset(later)!.OriginalPath)));
        Assert.Equal(LibraryPlace.HotDrive, Relocation().Run());
        Assert.Equal(assets.Count + 1, tier.LibraryFiles().Count);
    }

    public static TheoryData<string, LibraryRelocationStep, int> CrashPoints() => new()
    {
        { "library", LibraryRelocationStep.FileCopied, 1 },
        { "library", LibraryRelocationStep.FileCopied, 3 },
        { "library", LibraryRelocationStep.Linked, 1 },
        { "library", LibraryRelocationStep.Switched, 1 },
        { "library", LibraryRelocationStep.OldRemoved, 1 },
        { "thumbs", LibraryRelocationStep.FileCopied, 2 },
        { "thumbs", LibraryRelocationStep.Linked, 1 },
        { "thumbs", LibraryRelocationStep.Switched, 1 },
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_after_any_step_keeps_every_original_reachable_and_the_next_start_finishes_with_one_copy(
        string folder, LibraryRelocationStep crashAfter, int occurrence)
    {
        var crashing = Relocation();
        var seen = 0;
        crashing.AfterStep = (f, step) =>
        {
            if (f == folder && step == crashAfter && ++seen == occurrence)
            {
                throw new SimulatedCrash();
            }
        };
        Assert.Throws<SimulatedCrash>(() => crashing.Run());

        AssertOriginalsReadRight(onDrive: null); // in the data folder or on the drive, whichever the link says: never neither
        Assert.Equal(thumbs, Tree(Thumbs));

        Assert.Equal(LibraryPlace.HotDrive, Relocation().Run());

        AssertOriginalsReadRight(onDrive: true);
        Assert.Equal(thumbs, Tree(Thumbs));
        Assert.Equal(assets.Count, Tree(Path.Combine(drive, "library")).Count);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(drive, "library", ".tmp")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(drive, "thumbs", ".tmp")));
        foreach (var name in LibraryRelocation.Folders)
        {
            Assert.False(Path.Exists(Path.Combine(tier.Options.DataDir, name + LibraryRelocation.MovingSuffix)), $"{name}.moving is left");
        }
    }

    [Fact]
    public void A_hot_drive_that_is_not_mounted_leaves_the_library_where_it_is_and_writes_nothing_there()
    {
        var relocation = new LibraryRelocation(tier.Options.DataDir, () => new DriveFolder(drive, MountedDrive: true, "library", "/nonexistent-mountinfo"),
            NullLogger<LibraryRelocation>.Instance);

        Assert.Equal(LibraryPlace.WaitingForDrive, relocation.Run());

        Assert.Empty(Directory.EnumerateFileSystemEntries(drive));
        Assert.Null(new DirectoryInfo(Library).LinkTarget);
        AssertOriginalsReadRight(onDrive: false);
    }

    [Fact]
    public void A_role_taken_away_before_the_switch_leaves_the_library_in_the_data_folder_without_a_stale_link()
    {
        var crashing = Relocation();
        crashing.AfterStep = (f, step) =>
        {
            if (step == LibraryRelocationStep.Linked)
            {
                throw new SimulatedCrash();
            }
        };
        Assert.Throws<SimulatedCrash>(() => crashing.Run());

        Assert.Equal(LibraryPlace.DataFolder, new LibraryRelocation(tier.Options.DataDir, () => null, NullLogger<LibraryRelocation>.Instance).Run());

        Assert.False(Path.Exists(Library + LibraryRelocation.MovingSuffix));
        AssertOriginalsReadRight(onDrive: false);
    }

    private LibraryRelocation Relocation() =>
        new(tier.Options.DataDir, () => new DriveFolder(drive, MountedDrive: true, "library", mountInfo), NullLogger<LibraryRelocation>.Instance);

    /// <param name="onDrive">Whether the library must be the drive's copy (true), the data folder's (false), or either (null).</param>
    private void AssertOriginalsReadRight(bool? onDrive)
    {
        var linked = new DirectoryInfo(Library).LinkTarget is not null;
        if (onDrive is { } expected)
        {
            Assert.Equal(expected, linked);
        }
        foreach (var id in assets)
        {
            var asset = tier.Asset(id)!;
            Assert.True(VerifiedCopy.Matches(Path.Combine(Library, asset.OriginalPath), asset.Checksum), $"{asset.OriginalPath} does not read right");
        }
    }

    /// <summary>Every file under <paramref name="root"/> (temp folders left out) with its bytes, by relative path.</summary>
    private static Dictionary<string, byte[]> Tree(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Where(p => !Path.GetRelativePath(root, p).StartsWith(".tmp", StringComparison.Ordinal))
        .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllBytes);

    private sealed class SimulatedCrash : Exception;
}
