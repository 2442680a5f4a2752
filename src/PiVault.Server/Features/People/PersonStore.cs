using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.People;

/// <summary>A row of <c>people</c>: one user's person (never shared); <see cref="BirthDate"/> is yyyy-MM-dd.</summary>
public sealed record PersonRecord(
    string Id, string OwnerId, string Name, string? BirthDate, bool IsHidden, bool IsFavorite, string? Color, string? CoverFaceId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long UpdateSeq);

/// <summary>A person with what the lists show: how many of the owner's photos (not in the trash) they are in.</summary>
public sealed record PersonSummary(PersonRecord Person, long Photos, long Faces);

/// <summary>The <c>people</c> table (migration 0019). Every query names the owner: people are per user.</summary>
public sealed class PersonStore
{
    private const string Columns = "p.id, p.owner_id, p.name, p.birth_date, p.is_hidden, p.is_favorite, p.color, p.cover_face_id, p.created_at, p.updated_at, p.update_seq";

    /// <summary>Photos (not trashed) a person is in, and their faces on them.</summary>
    private const string Counts =
        $"(SELECT count(DISTINCT f.asset_id) FROM asset_faces f JOIN assets a ON a.id = f.asset_id WHERE f.person_id = p.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}) AS photos, " +
        $"(SELECT count(*) FROM asset_faces f JOIN assets a ON a.id = f.asset_id WHERE f.person_id = p.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}) AS faces";

    public void Insert(SqliteConnection db, PersonRecord p) => db.Execute(
        """
        INSERT INTO people (id, owner_id, name, birth_date, is_hidden, is_favorite, color, cover_face_id, created_at, updated_at)
        VALUES ($id, $owner, $name, $birth, $hidden, $favorite, $color, $cover, $now, $now);
        """,
        ("$id", p.Id), ("$owner", p.OwnerId), ("$name", p.Name), ("$birth", p.BirthDate), ("$hidden", p.IsHidden), ("$favorite", p.IsFavorite),
        ("$color", p.Color), ("$cover", p.CoverFaceId), ("$now", p.CreatedAt.ToDb()));

    /// <summary>Writes the editable fields (name, birthday, hidden, favourite, colour, cover) and the change time.</summary>
    public void Update(SqliteConnection db, PersonRecord p, DateTimeOffset now) => db.Execute(
        """
        UPDATE people SET name = $name, birth_date = $birth, is_hidden = $hidden, is_favorite = $favorite, color = $color,
                          cover_face_id = $cover, updated_at = $now
        WHERE id = $id AND owner_id = $owner;
        """,
        ("$id", p.Id), ("$owner", p.OwnerId), ("$name", p.Name), ("$birth", p.BirthDate), ("$hidden", p.IsHidden), ("$favorite", p.IsFavorite),
        ("$color", p.Color), ("$cover", p.CoverFaceId), ("$now", now.ToDb()));

    public PersonRecord? Find(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"SELECT {Columns} FROM people p WHERE p.id = $id AND p.owner_id = $owner;", Read, ("$id", id), ("$owner", ownerId));

    public PersonSummary? FindWithCounts(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"SELECT {Columns}, {Counts} FROM people p WHERE p.id = $id AND p.owner_id = $owner;", ReadSummary, ("$id", id), ("$owner", ownerId));

    /// <summary>
    /// The owner's people as the lists show them: named ones, and unnamed ones with at least <paramref name="minFaces"/>
    /// faces (Immich's rule, so one-off strangers stay out); hidden ones only when asked. Favourites first, then those in
    /// the most photos, then by name.
    /// </summary>
    public List<PersonSummary> List(SqliteConnection db, string ownerId, bool withHidden, int minFaces, int offset, int limit) => db.Query(
        $"""
        SELECT * FROM (SELECT {Columns}, {Counts} FROM people p WHERE p.owner_id = $owner AND ($hidden = 1 OR p.is_hidden = 0)) AS listed
        WHERE name <> '' OR faces >= $min
        ORDER BY is_favorite DESC, photos DESC, name = '', name COLLATE NOCASE, id
        LIMIT $limit OFFSET $offset;
        """,
        ReadSummary, ("$owner", ownerId), ("$hidden", withHidden), ("$min", minFaces), ("$limit", limit), ("$offset", offset));

    /// <summary>How many of the owner's listed people there are, and how many of them are hidden.</summary>
    public (long Total, long Hidden) CountListed(SqliteConnection db, string ownerId, int minFaces) => db.Query(
        $"""
        SELECT count(*), coalesce(sum(p.is_hidden), 0) FROM people p
        WHERE p.owner_id = $owner
          AND (p.name <> '' OR (SELECT count(*) FROM asset_faces f JOIN assets a ON a.id = f.asset_id WHERE f.person_id = p.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}) >= $min);
        """,
        r => (r.GetInt64(0), r.GetInt64(1)), ("$owner", ownerId), ("$min", minFaces))[0];

    /// <summary>The owner's people whose name starts a word with <paramref name="name"/> (case-insensitive), named ones only.</summary>
    public List<PersonSummary> SearchByName(SqliteConnection db, string ownerId, string name, bool withHidden, int limit) => db.Query(
        $"""
        SELECT {Columns}, {Counts} FROM people p
        WHERE p.owner_id = $owner AND p.name <> '' AND ($hidden = 1 OR p.is_hidden = 0)
          AND (p.name LIKE $prefix ESCAPE '\' OR p.name LIKE $word ESCAPE '\')
        ORDER BY p.name COLLATE NOCASE, p.id LIMIT $limit;
        """,
        ReadSummary, ("$owner", ownerId), ("$hidden", withHidden), ("$prefix", Like(name) + "%"), ("$word", "% " + Like(name) + "%"), ("$limit", limit));

    /// <summary>Makes the face the person's cover if they have none yet.</summary>
    public void CoverIfNone(SqliteConnection db, string personId, string faceId, DateTimeOffset now) => db.Execute(
        "UPDATE people SET cover_face_id = $face, updated_at = $now WHERE id = $person AND cover_face_id IS NULL;",
        ("$face", faceId), ("$person", personId), ("$now", now.ToDb()));

    public void Delete(SqliteConnection db, string id) => db.Execute("DELETE FROM people WHERE id = $id;", ("$id", id));

    /// <summary>Unnamed people without a single face left (merged away, faces deleted or re-clustered): Immich's clean-up.</summary>
    public int DeleteEmptyUnnamed(SqliteConnection db, string ownerId) => db.Execute(
        "DELETE FROM people WHERE owner_id = $owner AND name = '' AND NOT EXISTS (SELECT 1 FROM asset_faces f WHERE f.person_id = people.id);",
        ("$owner", ownerId));

    /// <summary>
    /// Points every cover that is missing or names a face no longer the person's at their best face (highest score, then
    /// oldest); a person without faces gets no cover. Returns how many covers changed.
    /// </summary>
    public int RepairCovers(SqliteConnection db, string ownerId) => db.Execute(
        """
        UPDATE people SET cover_face_id = (SELECT f.id FROM asset_faces f WHERE f.person_id = people.id ORDER BY f.score DESC, f.seq LIMIT 1)
        WHERE owner_id = $owner
          AND (cover_face_id IS NULL OR NOT EXISTS (SELECT 1 FROM asset_faces f WHERE f.id = people.cover_face_id AND f.person_id = people.id))
          AND coalesce(cover_face_id, '') <> coalesce((SELECT f.id FROM asset_faces f WHERE f.person_id = people.id ORDER BY f.score DESC, f.seq LIMIT 1), '');
        """,
        ("$owner", ownerId));

    /// <summary>Everyone who owns people or faces (the nightly pass walks them one at a time).</summary>
    public List<string> Owners(SqliteConnection db) =>
        db.Query("SELECT owner_id FROM asset_faces UNION SELECT owner_id FROM people;", r => r.GetString(0));

    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static PersonRecord Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetInt64(4) != 0, r.GetInt64(5) != 0, r.GetNullableString(6),
        r.GetNullableString(7), r.GetTime(8), r.GetTime(9), r.GetInt64(10));

    private static PersonSummary ReadSummary(SqliteDataReader r) => new(Read(r), r.GetInt64(11), r.GetInt64(12));
}
