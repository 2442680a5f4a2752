using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Server.Features.Drives;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Drives;

/// <summary>
/// The hot role taking effect at a real start (<c>ServerApp.PrepareStorage</c>) over HTTP on 127.0.0.1: an original
/// uploaded before the restart downloads byte for byte after it, from the drive, and new uploads land there too.
/// The drive is a real folder the test's mount table names as mounted.
/// </summary>
public sealed class HotLibraryRestartTests
{
    [Fact]
    public async Task A_restart_moves_the_library_onto_the_hot_drive_and_serves_the_same_originals_from_there()
    {
        var dataDir = TempDir.Create();
        var drive = TempDir.Create();
        var mountInfo = drive + ".mountinfo";
        File.WriteAllText(mountInfo, $"36 22 259:1 / {drive} rw,noatime - ext4 /dev/nvme0n1p1 rw\n");
        try
        {
            var before = Uploads.RandomBytes(6000, 81);
            string id;
            await using (var first = await TestServer.StartAsync(dataDir: dataDir))
            {
                using var client = first.Client(await first.BootstrapAdminAsync());
                (_, id, _) = await client.UploadAsync(before, "before.jpg");
            }

            await using var restarted = await TestServer.StartAsync(dataDir: dataDir, overrides: s => s.AddSingleton(
                new LibraryRelocation(dataDir, () => new DriveFolder(drive, MountedDrive: true, "library", mountInfo), NullLogger<LibraryRelocation>.Instance)));

            Assert.Equal(Path.Combine(drive, "library"), new DirectoryInfo(Path.Combine(dataDir, "library")).LinkTarget);
            using var again = restarted.Client(await restarted.LoginAsync(TestServer.AdminEmail));
            Assert.Equal(before, await again.GetByteArrayAsync($"/api/v1/assets/{id}/original"));
            var (_, later, _) = await again.UploadAsync(Uploads.RandomBytes(6000, 82), "after.jpg");
            Assert.NotEmpty(later);
            var onDrive = Directory.EnumerateFiles(Path.Combine(drive, "library"), "*", SearchOption.AllDirectories)
                .Where(p => !p.Contains("/.tmp/", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal);
            Assert.Equal(["after.jpg", "before.jpg"], onDrive);
            Assert.False(Path.Exists(Path.Combine(dataDir, "library" + LibraryRelocation.MovingSuffix)));
        }
        finally
        {
            File.Delete(mountInfo);
            TempDir.Delete(dataDir);
            TempDir.Delete(drive);
        }
    }
}
