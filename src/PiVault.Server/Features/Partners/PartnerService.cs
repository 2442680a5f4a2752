using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Partners;

/// <summary>A share seen from one side: the other user, and the share.</summary>
public sealed record PartnerView(UserRecord User, PartnerRecord Partner);

/// <summary>
/// Partner sharing (docs/partners.md): a user shares their whole library, or what was taken from a date on, with another
/// household member, read only. The sharee chooses whether it shows in their timeline. Which assets a share reaches is
/// one rule (<see cref="PartnerStore.SharedWithSql"/>); <c>AssetAccess</c>, the timeline, the map and the sync stream
/// all use it. Both APIs call these.
/// </summary>
public sealed class PartnerService(Database database, PartnerStore partners, UserStore users, TimeProvider time)
{
    public const string SharedBy = "shared-by";
    public const string SharedWith = "shared-with";

    private const string NotFound = "Partner not found.";

    /// <summary>
    /// <see cref="SharedBy"/>: the people the caller shares with; <see cref="SharedWith"/>: the people who share with the
    /// caller (their shares carry the caller's "show in my timeline" choice).
    /// </summary>
    public List<PartnerView> List(Caller caller, string? direction)
    {
        var sharedBy = direction switch
        {
            SharedBy => true,
            SharedWith => false,
            _ => throw ApiException.BadRequest($"direction must be '{SharedBy}' or '{SharedWith}'."),
        };
        using var db = database.Open();
        return partners.List(db, caller.UserId, sharedBy)
            .Select(p => users.FindById(db, sharedBy ? p.SharedWithId : p.SharedById) is { } user ? new PartnerView(user, p) : null)
            .OfType<PartnerView>()
            .ToList();
    }

    /// <summary>Starts sharing the caller's library with another active household member.</summary>
    public PartnerView Share(Caller caller, string? sharedWithId, DateTimeOffset? shareFrom = null)
    {
        if (string.IsNullOrEmpty(sharedWithId))
        {
            throw ApiException.BadRequest("Give sharedWithId: the user to share your library with.");
        }
        if (sharedWithId == caller.UserId)
        {
            throw ApiException.BadRequest("You cannot be your own partner.");
        }
        if (shareFrom > time.GetUtcNow())
        {
            throw ApiException.BadRequest("shareFrom cannot be in the future.");
        }
        var now = time.GetUtcNow();
        using var db = database.Open();
        var partner = users.FindById(db, sharedWithId) is { DisabledAt: null } user ? user : throw ApiException.BadRequest("No such user to share with.");
        if (!partners.Insert(db, new PartnerRecord(caller.UserId, partner.Id, false, shareFrom, now, now, 0)))
        {
            throw ApiException.BadRequest($"You already share your library with {partner.Name}.");
        }
        return new PartnerView(partner, partners.Find(db, caller.UserId, partner.Id)!);
    }

    /// <summary>The sharee's choice: show <paramref name="sharedById"/>'s photos in their own timeline or not.</summary>
    public PartnerView SetInTimeline(Caller caller, string sharedById, bool? inTimeline)
    {
        if (inTimeline is null)
        {
            throw ApiException.BadRequest("Give inTimeline: true or false.");
        }
        using var db = database.Open();
        _ = partners.Find(db, sharedById, caller.UserId) ?? throw ApiException.NotFound(NotFound);
        partners.SetInTimeline(db, sharedById, caller.UserId, inTimeline.Value, time.GetUtcNow());
        return new PartnerView(users.FindById(db, sharedById)!, partners.Find(db, sharedById, caller.UserId)!);
    }

    /// <summary>Stops sharing the caller's library with <paramref name="sharedWithId"/>; their phones drop the photos.</summary>
    public void Stop(Caller caller, string sharedWithId)
    {
        using var db = database.Open();
        if (!partners.Delete(db, caller.UserId, sharedWithId))
        {
            throw ApiException.NotFound(NotFound);
        }
    }
}
