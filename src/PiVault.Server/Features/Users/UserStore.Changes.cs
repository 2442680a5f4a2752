using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Users;

/// <summary>Change tracking for users (<c>update_seq</c>, migration 0004): what phones' sync streams need.</summary>
public sealed partial class UserStore
{
    public List<(UserRecord User, long Seq)> ChangedSince(SqliteConnection db, long afterSeq) => db.Query(
        $"SELECT {Columns}, update_seq FROM users WHERE update_seq > $after ORDER BY update_seq;",
        r => (Map(r), r.GetInt64(8)), ("$after", afterSeq));
}
