using PiVault.Server.Http;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// The search and timeline filter on tags (docs/tags.md): a tag stands for itself and every tag under it, as in Immich
/// ("Trips" finds the photos tagged "Trips/Alps"). Only the owner's tags count: another user's tag matches nothing.
/// </summary>
public static class TagFilter
{
    /// <summary>SQL: the tag path <paramref name="value"/> is <paramref name="ancestor"/> or a path under it ("Trips/Alps", not "Trips-2024").</summary>
    public static string AtOrUnder(string value, string ancestor) =>
        $"({value} = {ancestor} OR substr({value}, 1, length({ancestor}) + 1) = {ancestor} || '/')";

    /// <summary>
    /// SQL: joins <c>d</c>, the owner's tags at or under the tag <c>t</c>. The range on the value walks the
    /// <c>(owner_id, value)</c> index; the exact test drops siblings such as "Trips-2024".
    /// </summary>
    public static readonly string JoinTagsUnderT =
        $"JOIN tags d ON d.owner_id = t.owner_id AND d.value >= t.value AND d.value < t.value || '0' AND {AtOrUnder("d.value", "t.value")}";

    /// <summary>SQL: the ids of the assets carrying the owner's tag that <paramref name="tagCondition"/> picks (as <c>t</c>) or a tag under it.</summary>
    public static string AssetIdsUnder(string tagCondition, string ownerParam) =>
        $"""
        SELECT ta.asset_id FROM tags t
        {JoinTagsUnderT}
        JOIN tag_assets ta ON ta.tag_id = d.id
        WHERE {tagCondition} AND t.owner_id = {ownerParam}
        """;

    /// <summary>
    /// A condition on <paramref name="idColumn"/> for "carries every one of these tags (or a tag under each)", with its
    /// parameters; 400 for an id that is not a tag id.
    /// </summary>
    public static (string Condition, (string Name, object? Value)[] Parameters) HasEvery(IReadOnlyList<string> tagIds, string ownerParam, string idColumn)
    {
        var names = tagIds.Distinct(StringComparer.Ordinal).Select((id, i) => (Name: $"$tag{i}", Id: RequireId(id))).ToList();
        var inList = string.Join(", ", names.Select(n => n.Name));
        var condition = names.Count == 1
            ? $"{idColumn} IN ({AssetIdsUnder($"t.id = {names[0].Name}", ownerParam)})"
            : $"{idColumn} IN ({AssetIdsUnder($"t.id IN ({inList})", ownerParam)} GROUP BY ta.asset_id HAVING count(DISTINCT t.id) = {names.Count})";
        return (condition, [.. names.Select(n => (n.Name, (object?)n.Id))]);
    }

    public static string RequireId(string? id) =>
        Guid.TryParse(id, out _) ? id! : throw ApiException.BadRequest("A tag filter takes tag ids (tagIds, tagId).");
}
