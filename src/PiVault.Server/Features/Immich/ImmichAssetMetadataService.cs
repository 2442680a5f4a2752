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
    public const int MaxBulkItems = 1000;

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
            ValidateItem(item.Key, item.Value);
        }
    }

    /// <summary>Throws 400 unless the key has the allowed shape and the value is a small JSON object (strings only for the app's key).</summary>
    private static void ValidateItem(string? key, JsonElement value)
    {
        ValidateKey(key);
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest($"The value of metadata \"{key}\" must be a JSON object.");
        }
        if (value.GetRawText().Length > MaxValueChars)
        {
            throw ApiException.BadRequest($"The value of metadata \"{key}\" is longer than {MaxValueChars} characters.");
        }
        // The app's own key: {"iCloudId": "…"}, strings only.
        if (key == MobileAppKey && value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
        {
            throw ApiException.BadRequest($"The value of metadata \"{MobileAppKey}\" holds strings only, such as {{\"iCloudId\": \"…\"}}.");
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

    /// <summary>
    /// Immich's bulk upsert (<c>PUT /api/assets/metadata</c>): items on several assets, all the caller's own (else 404, nothing
    /// stored), in one transaction; answers each item as now stored, in the request's order.
    /// </summary>
    public List<AssetMetadataItem> UpsertBulk(Caller caller, IReadOnlyList<ImmichAssetMetadataBulkUpsertItemDto> items)
    {
        ValidateBulk(items.Select(i => (i.AssetId, i.Key)).ToList());
        foreach (var item in items)
        {
            ValidateItem(item.Key, item.Value);
        }
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var owners = RequireAllOwned(db, caller, items.Select(i => i.AssetId!));
        var now = time.GetUtcNow();
        foreach (var item in items)
        {
            store.Upsert(db, item.AssetId!, owners[item.AssetId!], item.Key!, item.Value, now);
        }
        var stored = items.Select(i => store.Of(db, i.AssetId!).Find(m => m.Key == i.Key)!).ToList();
        transaction.Commit();
        return stored;
    }

    /// <summary>Immich's bulk delete (<c>DELETE /api/assets/metadata</c>): all the caller's own assets or nothing (404); absent keys are no error.</summary>
    public void DeleteBulk(Caller caller, IReadOnlyList<ImmichAssetMetadataBulkDeleteItemDto> items)
    {
        ValidateBulk(items.Select(i => (i.AssetId, i.Key)).ToList());
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        RequireAllOwned(db, caller, items.Select(i => i.AssetId!));
        foreach (var item in items)
        {
            store.Delete(db, item.AssetId!, item.Key!);
        }
        transaction.Commit();
    }

    private static void ValidateBulk(List<(string? AssetId, string? Key)> items)
    {
        if (items.Count > MaxBulkItems)
        {
            throw ApiException.BadRequest($"At most {MaxBulkItems} metadata items at once.");
        }
        foreach (var (assetId, key) in items)
        {
            if (string.IsNullOrEmpty(assetId))
            {
                throw ApiException.BadRequest("Each metadata item needs an assetId.");
            }
            ValidateKey(key);
        }
        if (items.Distinct().Count() != items.Count)
        {
            throw ApiException.BadRequest("Each assetId and key pair may appear once.");
        }
    }

    /// <summary>Each asset's owner id; 404 (Immich's error) for the first asset that is not the caller's.</summary>
    private Dictionary<string, string> RequireAllOwned(Microsoft.Data.Sqlite.SqliteConnection db, Caller caller, IEnumerable<string> assetIds) =>
        assetIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => access.RequireOwned(db, caller, id).OwnerId, StringComparer.Ordinal);

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

/// <summary>Immich's <c>AssetMetadataBulkUpsertItemDto</c>.</summary>
public sealed record ImmichAssetMetadataBulkUpsertItemDto(string? AssetId, string? Key, JsonElement Value);

/// <summary>Immich's <c>AssetMetadataBulkUpsertDto</c>.</summary>
public sealed record ImmichAssetMetadataBulkUpsertDto(List<ImmichAssetMetadataBulkUpsertItemDto>? Items);

/// <summary>Immich's <c>AssetMetadataBulkDeleteItemDto</c>.</summary>
public sealed record ImmichAssetMetadataBulkDeleteItemDto(string? AssetId, string? Key);

/// <summary>Immich's <c>AssetMetadataBulkDeleteDto</c>.</summary>
public sealed record ImmichAssetMetadataBulkDeleteDto(List<ImmichAssetMetadataBulkDeleteItemDto>? Items);

/// <summary>Immich's <c>AssetMetadataBulkResponseDto</c>.</summary>
public sealed record ImmichAssetMetadataBulkResponseDto(string AssetId, string Key, DateTimeOffset UpdatedAt, JsonElement Value)
{
    public static ImmichAssetMetadataBulkResponseDto Of(AssetMetadataItem item) => new(item.AssetId, item.Key, item.UpdatedAt, item.Value);
}

/// <summary>Immich's <c>AssetMetadataResponseDto</c>.</summary>
public sealed record ImmichAssetMetadataResponseDto(string Key, DateTimeOffset UpdatedAt, JsonElement Value)
{
    public static ImmichAssetMetadataResponseDto Of(AssetMetadataItem item) => new(item.Key, item.UpdatedAt, item.Value);
}
