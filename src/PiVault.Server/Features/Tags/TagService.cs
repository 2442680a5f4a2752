using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Tags;

/// <summary>
/// The tag rules behind both APIs (docs/tags.md). Tags are per user: every read and change is the caller's own, and one
/// tags only one's own assets (<see cref="AssetAccess"/>). A value "a/b/c" is a path: making it makes "a" and "a/b" too,
/// each the parent of the next; deleting a tag deletes the tags under it; renaming one renames them.
/// </summary>
public sealed partial class TagService(Database database, TagStore tags, AssetAccess access, TimeProvider time)
{
    private const string NotFound = "Tag not found.";

    public List<TagRecord> List(Caller caller)
    {
        using var db = database.Open();
        return tags.List(db, caller.UserId);
    }

    /// <summary>Per tag id: how many of the caller's timeline photos carry the tag or one under it (tags with none are absent).</summary>
    public Dictionary<string, int> Counts(Caller caller)
    {
        using var db = database.Open();
        return tags.TimelineCounts(db, caller.UserId);
    }

    public TagRecord Get(Caller caller, string id)
    {
        using var db = database.Open();
        return Require(db, caller, id);
    }

    /// <summary>A new tag <paramref name="name"/> under <paramref name="parentId"/> (or at the top); its value must be new.</summary>
    public TagRecord Create(Caller caller, string? name, string? parentId, string? color)
    {
        var hex = Color(color);
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var parent = string.IsNullOrEmpty(parentId) ? null : Require(db, caller, parentId);
        var value = Value(parent is null ? name : $"{parent.Value}/{name}");
        if (tags.FindByValue(db, caller.UserId, value) is not null)
        {
            throw ApiException.BadRequest($"A tag \"{value}\" already exists.");
        }
        var tag = Ensure(db, caller.UserId, value);
        if (hex is not null)
        {
            tags.SetColor(db, tag.Id, hex, time.GetUtcNow());
        }
        transaction.Commit();
        return tags.Find(db, caller.UserId, tag.Id)!;
    }

    /// <summary>Makes each value (and its parents) exist; the tags named, in the order asked.</summary>
    public List<TagRecord> Upsert(Caller caller, IReadOnlyList<string> values)
    {
        var wanted = values.Select(Value).ToList();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var found = wanted.ConvertAll(v => Ensure(db, caller.UserId, v));
        transaction.Commit();
        return found;
    }

    /// <summary>Renames (the last part of the value; the tags under it follow) and/or recolours ("" clears the colour).</summary>
    public TagRecord Update(Caller caller, string id, string? name, string? color)
    {
        var hex = color is null or "" ? null : Color(color);
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var tag = Require(db, caller, id);
        var now = time.GetUtcNow();
        if (name is not null)
        {
            if (name.Contains('/'))
            {
                throw ApiException.BadRequest("A tag's name cannot contain \"/\"; create the tag under a parent instead.");
            }
            var parent = tag.ParentId is null ? null : tags.Find(db, caller.UserId, tag.ParentId);
            var value = Value(parent is null ? name : $"{parent.Value}/{name}");
            if (value != tag.Value)
            {
                if (tags.FindByValue(db, caller.UserId, value) is not null)
                {
                    throw ApiException.BadRequest($"A tag \"{value}\" already exists.");
                }
                tags.Rename(db, caller.UserId, tag.Value, value, now);
            }
        }
        if (color is not null)
        {
            tags.SetColor(db, tag.Id, hex, now);
        }
        transaction.Commit();
        return tags.Find(db, caller.UserId, id)!;
    }

    /// <summary>Deletes the tag and every tag under it; the assets stay, without them.</summary>
    public void Delete(Caller caller, string id)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        tags.DeleteWithChildren(db, caller.UserId, Require(db, caller, id).Value);
        transaction.Commit();
    }

    /// <summary>Tags the caller's own assets; each id's outcome as Immich reports it (duplicate, no_permission).</summary>
    public List<BulkOutcome> TagAssets(Caller caller, string id, IReadOnlyList<string> assetIds) => ChangeAssets(caller, id, assetIds, (db, tag, assetId) =>
        access.OwnedAmong(db, caller, [assetId]).Count == 0 ? "no_permission" : tags.Tag(db, tag.Id, assetId) ? null : "duplicate");

    public List<BulkOutcome> UntagAssets(Caller caller, string id, IReadOnlyList<string> assetIds) => ChangeAssets(caller, id, assetIds, (db, tag, assetId) =>
        tags.Untag(db, tag.Id, assetId) ? null : "not_found");

    /// <summary>
    /// Every tag on every asset, all or nothing: a tag that is not the caller's is a 404, an asset they do not own a 400.
    /// The number of new tag-asset links.
    /// </summary>
    public int TagMany(Caller caller, IReadOnlyList<string> tagIds, IReadOnlyList<string> assetIds)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var found = tagIds.Distinct(StringComparer.Ordinal).Select(id => Require(db, caller, id)).ToList();
        var ids = assetIds.Distinct(StringComparer.Ordinal).ToList();
        if (access.OwnedAmong(db, caller, ids).Count != ids.Count)
        {
            throw ApiException.BadRequest("Only your own assets can be tagged.");
        }
        var count = found.Sum(tag => ids.Count(asset => tags.Tag(db, tag.Id, asset)));
        transaction.Commit();
        return count;
    }

    /// <summary>The caller's tags on an asset (someone else's photo, seen through an album, shows none).</summary>
    public List<TagRecord> OfAsset(Caller caller, string assetId)
    {
        using var db = database.Open();
        return tags.OfAsset(db, caller.UserId, assetId);
    }

    private List<BulkOutcome> ChangeAssets(Caller caller, string id, IReadOnlyList<string> assetIds, Func<SqliteConnection, TagRecord, string, string?> change)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var tag = Require(db, caller, id);
        var outcomes = assetIds.Distinct(StringComparer.Ordinal)
            .Select(a => change(db, tag, a) is { } error ? new BulkOutcome(a, false, error) : new BulkOutcome(a, true, null)).ToList();
        transaction.Commit();
        return outcomes;
    }

    /// <summary>
    /// Tags an asset with the keyword paths its metadata names (a folder library's sidecar), in the caller's transaction:
    /// each tag (and its parents) made for the owner when missing. A path that is no valid tag is passed over.
    /// </summary>
    public void TagFromMetadata(SqliteConnection db, string ownerId, string assetId, IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            var parts = path.Split('/').Select(p => p.Trim()).ToArray();
            if (parts.All(p => p.Length > 0) && path.Length <= 1000)
            {
                tags.Tag(db, Ensure(db, ownerId, string.Join('/', parts)).Id, assetId);
            }
        }
    }

    /// <summary>The tag with this value, made (with its missing parents) when there is none.</summary>
    private TagRecord Ensure(SqliteConnection db, string ownerId, string value)
    {
        TagRecord? parent = null;
        var parts = value.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            var path = string.Join('/', parts[..i]);
            var tag = tags.FindByValue(db, ownerId, path);
            if (tag is null)
            {
                var now = time.GetUtcNow();
                tag = new TagRecord(Guid.CreateVersion7(now).ToString(), ownerId, path, parent?.Id, null, now, now);
                tags.Insert(db, tag);
            }
            parent = tag;
        }
        return parent!;
    }

    private TagRecord Require(SqliteConnection db, Caller caller, string id) =>
        (Guid.TryParse(id, out _) ? tags.Find(db, caller.UserId, id) : null) ?? throw ApiException.NotFound(NotFound);

    /// <summary>A tag path with each part trimmed; an empty part ("a//b", "/a", "") is a 400.</summary>
    public static string Value(string? text)
    {
        var parts = (text ?? "").Split('/').Select(p => p.Trim()).ToArray();
        if (parts.Any(p => p.Length == 0))
        {
            throw ApiException.BadRequest("A tag needs a name, and no part of \"a/b/c\" may be empty.");
        }
        var value = string.Join('/', parts);
        return value.Length <= 1000 ? value : throw ApiException.BadRequest("A tag is at most 1000 characters long.");
    }

    /// <summary>A hex colour, "#rgb" or "#rrggbb" (the "#" optional), as "#rrggbb" lower case; null stays null; anything else is a 400.</summary>
    public static string? Color(string? color)
    {
        if (color is null)
        {
            return null;
        }
        var m = HexColor().Match(color);
        if (!m.Success)
        {
            throw ApiException.BadRequest("color must be a hex colour such as #ff8800.");
        }
        var hex = m.Groups[1].Value.ToLowerInvariant();
        return "#" + (hex.Length == 3 ? string.Concat(hex.Select(c => $"{c}{c}")) : hex);
    }

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
