using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// Applies the numbered <c>Data/Migrations/NNNN_name.sql</c> scripts (embedded in the binary) above the
/// file's <c>PRAGMA user_version</c>, each in its own transaction together with the version bump.
/// </summary>
public static class Migrator
{
    public static int LatestVersion => Scripts().Max(s => s.Version);

    public static int CurrentVersion(SqliteConnection connection) => connection.Scalar<int>("PRAGMA user_version;");

    /// <summary>Applies the scripts above the current version, up to <paramref name="upTo"/> (tests stop early to seed an older schema).</summary>
    public static int Apply(SqliteConnection connection, int upTo = int.MaxValue)
    {
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this PiVault ({LatestVersion}). Install the newer PiVault again.");
        }
        var applied = 0;
        foreach (var script in Scripts().Where(s => s.Version > current && s.Version <= upTo).OrderBy(s => s.Version))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(script.Sql);
            connection.Execute($"PRAGMA user_version = {script.Version.ToString(CultureInfo.InvariantCulture)};");
            transaction.Commit();
            applied++;
        }
        return applied;
    }

    private static IEnumerable<(int Version, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            var fileName = name["migrations/".Length..];
            var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }
}
