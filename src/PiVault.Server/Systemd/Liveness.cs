using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Pipeline;

namespace PiVault.Server.Systemd;

/// <summary>
/// What must be alive for the watchdog to ping: the HTTP loop answers a real request, no job-runner worker is
/// wedged, and the database answers. A part given as null is not checked (no plain-HTTP listener to probe).
/// </summary>
public sealed class Liveness(HttpPing? http, JobRunner? runner, Database? database, TimeSpan stuckJobLimit)
{
    /// <summary>Null when everything is alive; otherwise the first thing that is not, in a few words.</summary>
    public string? Check() => http?.Check() ?? runner?.FindWedged(stuckJobLimit) ?? CheckDatabase();

    private string? CheckDatabase()
    {
        if (database is null)
        {
            return null;
        }
        try
        {
            using var db = database.Open(Durability.Relaxed);
            return db.Scalar<long>("SELECT 1;") == 1 ? null : "the database answered SELECT 1 wrongly";
        }
        catch (SqliteException e)
        {
            return $"the database failed: {e.Message}";
        }
    }
}
