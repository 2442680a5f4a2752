using System.Net.Http.Headers;
using PiVault.Server.Data;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Native;

/// <summary>
/// A server restarted with only ML work left (its thumbnails all made) reads the previews before any thumbnail job
/// has started libvips. The real executable, because the test host's libvips is started by earlier tests: the server
/// used to crash with SIGSEGV at once (an unstarted libvips finds no loader type), and under systemd again at every start.
/// </summary>
public sealed class MlAfterRestartTests : IDisposable
{
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task Text_left_to_read_after_a_restart_is_read_before_any_thumbnail_starts_libvips()
    {
        var dataDir = Path.Combine(dir, "data");
        string asset;
        await using (var first = await ServerProcess.StartAsync(dataDir))
        {
            var token = await first.BootstrapAdminAsync();
            using var client = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("immich-test-assets/albums/text/craft-beer.jpg"));
            var (_, id, _) = await client.UploadAsync(photo, "craft-beer.jpg");
            asset = id;
            await WaitAsync(dataDir, first, "SELECT count(*) FROM jobs WHERE state != 'failed'", 0, "the first server's jobs did not finish");
            await first.TerminateAsync();
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        using (var db = ServerProcess.OpenDatabase(dataDir))
        {
            Assert.True(db.Scalar<long>("SELECT count(*) FROM asset_ocr") > 0, "the OCR models must be beside the executable for this test");
            db.Execute("DELETE FROM asset_ocr; UPDATE assets SET ocr_at = NULL;");
            db.Execute("INSERT INTO jobs (queue, kind, asset_id, state, run_after, created_at, updated_at) VALUES ('ocr', 'asset.ocr', $id, 'pending', 0, 0, 0);", ("$id", asset));
        }

        await using var second = await ServerProcess.StartAsync(dataDir);
        await WaitAsync(dataDir, second, "SELECT count(*) FROM assets WHERE ocr_at IS NULL", 0, "the text was not read after the restart");

        using var check = ServerProcess.OpenDatabase(dataDir);
        Assert.True(check.Scalar<long>("SELECT count(*) FROM asset_ocr") > 0);
        Assert.DoesNotContain("invalid class cast", second.Output, StringComparison.Ordinal);
    }

    /// <summary>Polls the database until the query gives <paramref name="expected"/>; fails at once if the server died.</summary>
    private static async Task WaitAsync(string dataDir, ServerProcess server, string sql, long expected, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            using (var db = ServerProcess.OpenDatabase(dataDir))
            {
                if (db.Scalar<long>(sql) == expected)
                {
                    return;
                }
            }
            Assert.True(server.IsRunning, $"the server died:\n{server.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"{failure}:\n{server.Output}");
            await Task.Delay(100);
        }
    }
}
