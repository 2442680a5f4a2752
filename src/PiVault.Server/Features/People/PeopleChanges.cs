using PiVault.Server.Data;

namespace PiVault.Server.Features.People;

/// <summary>A person as the sync stream sends it, with the photo of their cover face.</summary>
public sealed record PersonChange(PersonRecord Person, string? CoverAssetId, long Seq);

/// <summary>A deleted person or face, by the change number its deletion audit gave it.</summary>
public sealed record PeopleDeletion(string Id, long Seq);

/// <summary>
/// The change feeds of people and faces (migration 0019's update_seq and deletion audits) for the sync stream: one
/// user's rows after an acked position, a page at a time, read in the stream's snapshot.
/// </summary>
public sealed class PeopleChanges
{
    public List<PersonChange> PeopleSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        """
        SELECT p.id, p.owner_id, p.name, p.birth_date, p.is_hidden, p.is_favorite, p.color, p.cover_face_id, p.created_at, p.updated_at, p.update_seq,
               (SELECT f.asset_id FROM asset_faces f WHERE f.id = p.cover_face_id)
        FROM people p WHERE p.owner_id = $owner AND p.update_seq > $after ORDER BY p.update_seq LIMIT $limit;
        """,
        r => new PersonChange(new PersonRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetInt64(4) != 0, r.GetInt64(5) != 0,
            r.GetNullableString(6), r.GetNullableString(7), r.GetTime(8), r.GetTime(9), r.GetInt64(10)), r.GetNullableString(11), r.GetInt64(10)),
        ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<PeopleDeletion> PeopleDeletedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        "SELECT person_id, seq FROM person_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new PeopleDeletion(r.GetString(0), r.GetInt64(1)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<FaceRecord> FacesSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        """
        SELECT f.seq, f.id, f.asset_id, f.owner_id, f.person_id, f.image_width, f.image_height, f.x1, f.y1, f.x2, f.y2, f.score, f.source, NULL,
               f.model, f.created_at, f.updated_at, f.update_seq
        FROM asset_faces f WHERE f.owner_id = $owner AND f.update_seq > $after ORDER BY f.update_seq LIMIT $limit;
        """,
        FaceStore.Read, ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<PeopleDeletion> FacesDeletedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        "SELECT face_id, seq FROM asset_face_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new PeopleDeletion(r.GetString(0), r.GetInt64(1)), ("$owner", ownerId), ("$after", after), ("$limit", limit));
}
