using PiVault.Server.Data;

namespace PiVault.Server.Features.Users;

/// <summary>Users' change feed (<c>update_seq</c>, migration 0004), for clients that keep their own copy (phones' sync).</summary>
public sealed partial class UserService
{
    /// <summary>Every user changed after <paramref name="afterSeq"/>, oldest change first.</summary>
    public List<(UserRecord User, long Seq)> ChangedSince(ReadSnapshot snapshot, long afterSeq) => users.ChangedSince(snapshot.Connection, afterSeq);
}
