using PiVault.Server.Cli;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Users;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Takeout;

namespace PiVault.Tests.Cli;

/// <summary><c>pivault import takeout PATH... --user EMAIL</c> on a stopped server's data folder.</summary>
public sealed class ImportCommandTests
{
    [Fact]
    public async Task The_command_imports_an_export_into_the_users_library_and_names_a_missing_user()
    {
        var folder = TempDir.Create();
        var data = MigratedTemplate.NewFolder();
        try
        {
            var options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = data, Urls = "http://127.0.0.1:0" };
            MigratedTemplate.CopyTo(options.DatabasePath);
            var database = new Database(options.DatabasePath);
            using (var db = database.Open())
            {
                var now = DateTimeOffset.UtcNow;
                new UserStore().Insert(db, new UserRecord(Guid.CreateVersion7().ToString(), "anna@example.com", "Anna", ServiceTier.NoPassword, false, null, now, now));
            }
            var takeout = SyntheticTakeout.Build();
            takeout.WriteTo(folder);
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exit = await ImportCommand.RunAsync(options, CommandLine.Parse(["import", "takeout", folder, "--user", "anna@example.com"]), output, error);

            Assert.True(exit == 0, error.ToString());
            Assert.Contains($"{takeout.DistinctFiles} imported, 1 already in PiVault, {takeout.Skipped.Count} skipped", output.ToString(), StringComparison.Ordinal);
            using (var db = database.Open())
            {
                Assert.Equal(takeout.DistinctFiles, db.Scalar<long>("SELECT count(*) FROM assets;"));
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(db);
            }
            Assert.Equal(2, await ImportCommand.RunAsync(options, CommandLine.Parse(["import", "takeout", folder, "--user", "nobody@example.com"]), output, error));
            Assert.Contains("no user with the email nobody@example.com", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(folder);
            TempDir.Delete(data);
        }
    }
}
