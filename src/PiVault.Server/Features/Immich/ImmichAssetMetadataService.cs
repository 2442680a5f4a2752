using System.Text.Json;
using System.Text.RegularExpressions;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's per-asset key/value metadata: what the app sends in an upload's <c>metadata</c> field (the iOS app's
/// <c>{"key": "mobile-app", "value": {"iCloudId": …}}</c>) and through <c>/api/assets/{id}/metadata</c>. Each value is a
/// small JSON object; a request with one bad item stores nothing. The owner changes it; whoever may view the asset reads it.
/// </summary>
public sealed partial class ImmichAssetMetadataService(Database database, ImmichAssetMetadataStore store, AssetAccess access, TimeProvider time)
{
    public const string UploadField = "metadata";
    public const string MobileAppKey = "mobile-app";
    public const int MaxItems = 32;
    public const int MaxKeyLength = 64;
    public const int MaxValueChars = 4096;

    /// <summary>The upload's <c>metadata</c> form field (a JSON array of <c>{key, value}</c>), checked; none when absent.</summary>
    public static List<ImmichAssetMetadataItemDto> ParseUploadField(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue(UploadField, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        List<ImmichAssetMetadataItemDto>? items;
        try
        {
            items = JsonSerializer.Deserialize(json, PiVaultJsonContext.Default.ListImmichAssetMetadataItemDto);
        }
        catch (JsonException)
        {
            throw ApiException.BadRequest("metadata must be a JSON array of {\"key\": …, \"value\": {…}} items.");
        }
        Validate(items ?? throw ApiException.BadRequest("metadata must be a JSON array of {\"key\": …, \"value\": {…}} items."));
        return items;
    }

    /// <summary>Throws 400 for the first item that is not a known key shape with a small JSON object as its value.</summary>
    public static void Validate(IReadOnlyList<ImmichAssetMetadataItemDto> items)
    {
        if (items.Count > MaxItems)
        {
            throw ApiException.BadRequest($"At most {MaxItems} metadata items at once.");
        }
        if (items.Select(i => i.Key).Distinct(StringComparer.Ordinal).Count() != items.Count)
        {
            throw ApiException.BadRequest("Each metadata key may appear once.");
        }
        foreach (var item in items)
        {
            ValidateKey(item.Key);
            if (item.Value.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"The value of metadata \"{item.Key}\" must be a JSON object.");
            }
            if (item.Value.GetRawText().Length > MaxValueChars)
            {
                throw ApiException.BadRequest($"The value of metadata \"{item.Key}\" is longer than {MaxValueChars} characters.");
            }
            // The app's own key: {"iCloudId": "…"}, strings only.
            if (item.Key == MobileAppKey && item.Value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
            {
                throw ApiException.BadRequest($"The value of metadata \"{MobileAppKey}\" holds strings only, such as {{\"iCloudId\": \"…\"}}.");
            }
        }
    }

    public List<AssetMetadataItem> List(Caller caller, string assetId)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, assetId);
        return store.Of(db, asset.Id);
    }

    public AssetMetadataItem Get(Caller caller, string assetId, string key) =>
        List(caller, assetId).Find(i => i.Key == key) ?? throw ApiException.NotFound($"This asset has no metadata \"{key}\".");

    /// <summary>Stores the items (one transaction, all or nothing) and answers everything the asset now holds.</summary>
    public List<AssetMetadataItem> Upsert(Caller caller, string assetId, IReadOnlyList<ImmichAssetMetadataItemDto> items)
    {
        Validate(items);
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var asset = access.RequireOwned(db, caller, assetId);
        var now = time.GetUtcNow();
        foreach (var item in items)
        {
            store.Upsert(db, asset.Id, asset.OwnerId, item.Key!, item.Value, now);
        }
        transaction.Commit();
        return store.Of(db, asset.Id);
    }

    /// <summary>Removes one key; removing a key the asset does not have is no error (Immich answers 204 either way).</summary>
    public void Delete(Caller caller, string assetId, string key)
    {
        ValidateKey(key);
        using var db = database.Open();
        var asset = access.RequireOwned(db, caller, assetId);
        store.Delete(db, asset.Id, key);
    }

    private static void ValidateKey(string? key)
    {
        if (key is null || key.Length > MaxKeyLength || !KeyShape().IsMatch(key))
        {
            throw ApiException.BadRequest($"A metadata key is 1 to {MaxKeyLength} lower-case letters, digits, '.', '_' or '-' (such as \"{MobileAppKey}\").");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex KeyShape();
}

/// <summary>Immich's <c>AssetMetadataUpsertItemDto</c>.</summary>
public sealed record ImmichAssetMetadataItemDto(string? Key, JsonElement Value);

/// <summary>Immich's <c>AssetMetadataUpsertDto</c>.</summary>
public sealed record ImmichAssetMetadataUpsertDto(List<ImmichAssetMetadataItemDto>? Items);

/// <summary>Immich's <c>AssetMetadataResponseDto</c>.</summary>
public sealed record ImmichAssetMetadataResponseDto(string Key, DateTimeOffset UpdatedAt, JsonElement Value)
{
    public static ImmichAssetMetadataResponseDto Of(AssetMetadataItem item) => new(item.Key, item.UpdatedAt, item.Value);
}
