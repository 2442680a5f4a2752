using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary><c>pivault backup</c> and <c>pivault restore</c> as the real executable runs them: exit codes and one-line reasons.</summary>
public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_and_restore_commands_run_and_refuse_with_one_line_reasons()
    {
        await using var fixture = new BackupFixture();
        var owner = fixture.Tier.CreateUser("owner");
        for (var i = 1; i <= 3; i++)
        {
            fixture.Tier.Photo(owner, i);
        }
        var restored = Path.Combine(MigratedTemplate.Root, Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output) = await ServerProcess.RunAsync("backup", "--data-dir", fixture.Tier.Options.DataDir, "--to", fixture.Target);
            Assert.True(code == 0, output);
            Assert.Contains("3 files copied", output, StringComparison.Ordinal);

            (code, output) = await ServerProcess.RunAsync("backup", "--data-dir", fixture.Tier.Options.DataDir, "--to", Path.Combine(fixture.Target, "gone"));
            Assert.Equal(1, code);
            Assert.Contains("pivault: backup failed: The backup target", output, StringComparison.Ordinal);

            (code, output) = await ServerProcess.RunAsync("restore", "--from", fixture.Target, "--data-dir", restored);
            Assert.True(code == 0, output);
            Assert.Equal(fixture.Tier.LibraryFiles(), BackupFixture.Files(Path.Combine(restored, "library")).Where(p => !p.StartsWith(".tmp", StringComparison.Ordinal)));

            (code, output) = await ServerProcess.RunAsync("restore", "--from", fixture.Target, "--data-dir", restored);
            Assert.Equal(1, code);
            Assert.Contains("is not empty", output, StringComparison.Ordinal);
            Assert.Equal(0, (await ServerProcess.RunAsync("db", "check", "--verify", "--data-dir", restored)).ExitCode);
        }
        finally
        {
            TempDir.Delete(restored);
        }
    }
}
