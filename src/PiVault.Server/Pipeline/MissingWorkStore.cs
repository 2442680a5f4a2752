using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Pipeline;

/// <summary>
/// Which assets a step applies to and which still lack its output (its row's <see cref="JobStep.AppliesTo"/> and
/// <see cref="JobStep.DoneColumn"/>): the "missing" and "all" actions and their progress.
/// </summary>
public sealed class MissingWorkStore
{
    public long CountMissing(SqliteConnection db, JobStep step) =>
        db.Scalar<long>($"SELECT count(*) FROM assets WHERE {MissingCondition(step)};");

    public long CountEligible(SqliteConnection db, JobStep step) =>
        db.Scalar<long>($"SELECT count(*) FROM assets WHERE {EligibleCondition(step)};");

    public List<string> ListMissing(SqliteConnection db, JobStep step) =>
        db.Query($"SELECT id FROM assets WHERE {MissingCondition(step)} ORDER BY taken_at DESC;", r => r.GetString(0));

    public List<string> ListEligible(SqliteConnection db, JobStep step) =>
        db.Query($"SELECT id FROM assets WHERE {EligibleCondition(step)} ORDER BY taken_at DESC;", r => r.GetString(0));

    private static string MissingCondition(JobStep step) => $"{EligibleCondition(step)} AND {step.DoneColumn} IS NULL";

    private static string EligibleCondition(JobStep step) => $"deleted_at IS NULL AND {step.AppliesTo}";
}
