using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Queue;

namespace PiVault.Server.Pipeline;

/// <summary>Which assets a step applies to and which still lack its output: the "missing" and "all" actions and their progress.</summary>
public sealed class MissingWorkStore
{
    public long CountMissing(SqliteConnection db, string kind) =>
        db.Scalar<long>($"SELECT count(*) FROM assets WHERE {MissingCondition(kind)};");

    public long CountEligible(SqliteConnection db, string kind) =>
        db.Scalar<long>($"SELECT count(*) FROM assets WHERE {EligibleCondition(kind)};");

    public List<string> ListMissing(SqliteConnection db, string kind) =>
        db.Query($"SELECT id FROM assets WHERE {MissingCondition(kind)} ORDER BY taken_at DESC;", r => r.GetString(0));

    public List<string> ListEligible(SqliteConnection db, string kind) =>
        db.Query($"SELECT id FROM assets WHERE {EligibleCondition(kind)} ORDER BY taken_at DESC;", r => r.GetString(0));

    private static string MissingCondition(string kind) => kind switch
    {
        JobKinds.Metadata => $"{EligibleCondition(kind)} AND metadata_at IS NULL",
        JobKinds.Thumbnails => $"{EligibleCondition(kind)} AND thumbnails_at IS NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string EligibleCondition(string kind) => kind switch
    {
        JobKinds.Metadata => "deleted_at IS NULL",
        JobKinds.Thumbnails => "deleted_at IS NULL AND type IN ('image', 'video')",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
