using PiVault.Bench.Crash;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Reliability;

/// <summary>
/// A short run of bench/reliability/crash's harness: the real server SIGKILLed a few times under uploads through both
/// APIs and its jobs, every invariant checked after each kill (the long run and its figures: bench/results/reliability-crash.md).
/// </summary>
public sealed class CrashHarnessTests
{
    [Fact]
    public async Task A_few_kills_under_uploads_and_jobs_lose_nothing_acknowledged_and_leave_nothing_orphaned()
    {
        var workDir = TempDir.Create();
        try
        {
            var report = await new CrashHarness(new CrashOptions
            {
                Executable = ServerProcess.Executable,
                BaseJpeg = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg")),
                WorkDir = workDir,
                Kills = 4,
                StartupKillShare = 0,
                TimeLimit = TimeSpan.FromMinutes(3),
                MaxKillDelay = TimeSpan.FromMilliseconds(2500),
                MaxUploadBytes = 512 * 1024,
                DrainTimeout = TimeSpan.FromMinutes(3),
                Seed = 7,
            }).RunAsync();

            Assert.Empty(report.Violations);
            Assert.Equal(4, report.Kills);
            Assert.True(report.Acknowledged > 0, "no upload was acknowledged between the kills, so nothing was checked");
            Assert.Equal(0, report.JobsLeftAtEnd);
            Assert.True(report.AssetsAtEnd >= report.Acknowledged);
        }
        finally
        {
            TempDir.Delete(workDir);
        }
    }
}
