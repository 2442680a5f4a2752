using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Cli;

public sealed class DbCheckTests
{
    [Fact]
    public async Task Db_check_reports_missing_originals_and_orphan_files_and_verify_finds_changed_bytes()
    {
        var dataDir = TempDir.Create();
        try
        {
            string[] stored;
            await using (var server = await TestServer.StartAsync(dataDir: dataDir))
            {
                var admin = await server.BootstrapAdminAsync();
                using var client = server.Client(admin);
                for (var i = 0; i < 3; i++)
                {
                    await client.UploadAsync(Uploads.RandomBytes(5000, i), $"photo{i}.jpg");
                }
                stored = server.LibraryFiles().Order(StringComparer.Ordinal).ToArray();
            }
            Assert.Equal((0, "checked 3 assets: no problems"), await CheckAsync(dataDir));

            File.Delete(stored[0]);
            var orphan = Path.Combine(Path.GetDirectoryName(stored[1])!, "stray.jpg");
            await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
            var leftover = Path.Combine(dataDir, "library", ".tmp", "upload-cut-off.part");
            await File.WriteAllBytesAsync(leftover, [4, 5, 6]);
            var (code, report) = await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir);
            Assert.Equal(1, code);
            Assert.Contains($"missing original: asset", report, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(stored[0]), report, StringComparison.Ordinal);
            Assert.Contains("orphan original:", report, StringComparison.Ordinal);
            Assert.Contains("stray.jpg", report, StringComparison.Ordinal);
            Assert.Contains("leftover temp file: .tmp/upload-cut-off.part", report, StringComparison.Ordinal);

            File.Delete(orphan);
            File.Delete(leftover);
            await File.WriteAllBytesAsync(stored[0], Uploads.RandomBytes(5000, 0));
            await File.WriteAllBytesAsync(stored[2], [9, 9, 9]);
            Assert.Equal(0, (await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir)).ExitCode);
            var (verifyCode, verifyReport) = await ServerProcess.RunAsync("db", "check", "--verify", "--data-dir", dataDir);
            Assert.Equal(1, verifyCode);
            Assert.Contains("checksum mismatch", verifyReport, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(stored[2]), verifyReport, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    [Fact]
    public async Task Db_check_on_a_folder_without_a_database_says_so()
    {
        var dataDir = TempDir.Create();
        try
        {
            var (code, report) = await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir);
            Assert.Equal(2, code);
            Assert.Contains("No database", report, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    private static async Task<(int, string)> CheckAsync(string dataDir)
    {
        var (code, output) = await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir);
        return (code, output.Trim().Split('\n')[^1]);
    }
}
