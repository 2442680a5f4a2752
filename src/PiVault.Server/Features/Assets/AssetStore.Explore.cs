using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Assets;

/// <summary>The explore page's places and the search form's suggestions, from what the metadata step (and hand edits) stored.</summary>
public sealed partial class AssetStore
{
    /// <summary>Each city of the owner's timeline photos with its newest photo, by city name.</summary>
    public List<(string City, string AssetId)> Cities(SqliteConnection db, string ownerId, int limit) => db.Query(
        """
        SELECT city, id FROM (
            SELECT m.city, a.id, row_number() OVER (PARTITION BY m.city ORDER BY a.taken_at DESC, a.id DESC) AS n
            FROM assets a JOIN asset_metadata m ON m.asset_id = a.id
            WHERE a.owner_id = $owner AND a.deleted_at IS NULL AND a.visibility = 'timeline' AND m.city IS NOT NULL AND m.city <> '')
        WHERE n = 1 ORDER BY city LIMIT $limit;
        """,
        r => (r.GetString(0), r.GetString(1)), ("$owner", ownerId), ("$limit", limit));

    /// <summary>
    /// The distinct values of one field (Immich's <c>SearchSuggestionType</c>) among the owner's listed photos, narrowed
    /// by the others; with <paramref name="includeNull"/> a null stands for "unknown" when some photo lacks it.
    /// </summary>
    public List<string?> Suggestions(SqliteConnection db, string ownerId, string type, SuggestionFilter filter, bool includeNull)
    {
        var column = type switch
        {
            "country" => "m.country",
            "state" => "m.region",
            "city" => "m.city",
            "camera-make" => "m.make",
            "camera-model" => "m.model",
            "camera-lens-model" => "m.lens_model",
            _ => throw ApiException.BadRequest("type must be country, state, city, camera-make, camera-model or camera-lens-model."),
        };
        return db.Query(
            $"""
            SELECT DISTINCT {column} FROM assets a JOIN asset_metadata m ON m.asset_id = a.id
            WHERE a.owner_id = $owner AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}
              AND ($country IS NULL OR m.country = $country) AND ($state IS NULL OR m.region = $state)
              AND ($make IS NULL OR m.make = $make) AND ($model IS NULL OR m.model = $model) AND ($lens IS NULL OR m.lens_model = $lens)
              AND ($includeNull = 1 OR {column} IS NOT NULL)
            ORDER BY {column} IS NULL, {column} LIMIT 1000;
            """,
            r => r.IsDBNull(0) ? null : r.GetString(0),
            ("$owner", ownerId), ("$country", filter.Country), ("$state", filter.State), ("$make", filter.Make), ("$model", filter.Model),
            ("$lens", filter.LensModel), ("$includeNull", includeNull ? 1 : 0));
    }
}

public sealed record SuggestionFilter(string? Country, string? State, string? Make, string? Model, string? LensModel);
