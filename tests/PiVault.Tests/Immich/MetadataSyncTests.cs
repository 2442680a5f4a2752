using PiVault.Server.Features.Immich;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Infrastructure.SyncReader;

namespace PiVault.Tests.Immich;

/// <summary>
/// The sync stream's metadata lines read from the real ImmichSyncService with acks: an upload's metadata (AssetMetadataV1),
/// the storage usage in AuthUserV1, preferences and onboarding (UserMetadataV1) each reach each of the user's devices
/// exactly once, undoing them sends the delete lines, and another user's devices hear nothing.
/// </summary>
public sealed class MetadataSyncTests
{
    private static readonly string[] AssetTypes = ["AssetsV1", "AssetMetadataV1"];

    [Fact]
    public async Task An_uploads_metadata_reaches_each_device_once_and_removing_it_sends_the_delete()
    {
        await using var tier = new ServiceTier();
        var phone = tier.CreateUser("ann");
        var tablet = phone with { CredentialId = "tablet" };
        var bob = tier.CreateUser("bob");
        await NextAsync(tier, tablet, AssetTypes);
        await NextAsync(tier, bob, AssetTypes);

        // What the upload endpoint does with the multipart field once the asset is stored.
        var fields = new Dictionary<string, string> { ["metadata"] = """[{"key":"mobile-app","value":{"iCloudId":"CLOUD-1"}}]""" };
        var photo = tier.Upload(phone, Uploads.RandomBytes(2000, 1), "IMG_0001.JPG", fields: fields).Id;
        var metadata = tier.Get<ImmichAssetMetadataService>();
        metadata.Upsert(phone, photo, ImmichAssetMetadataService.ParseUploadField(fields));

        foreach (var device in new[] { phone, tablet })
        {
            var lines = await NextAsync(tier, device, AssetTypes);
            Assert.Equal(["AssetV1", "AssetMetadataV1"], lines.Select(l => l.Type)); // the asset before its metadata
            var line = lines[1].Data;
            Assert.Equal((photo, "mobile-app", "CLOUD-1"), (line.GetProperty("assetId").GetString(), line.GetProperty("key").GetString(),
                line.GetProperty("value").GetProperty("iCloudId").GetString()));
            Assert.Empty(await NextAsync(tier, device, AssetTypes)); // exactly once
        }
        metadata.Upsert(phone, photo, ImmichAssetMetadataService.ParseUploadField(fields)); // the same value again: no change
        Assert.Empty(await NextAsync(tier, phone, AssetTypes));
        Assert.Empty(await NextAsync(tier, bob, AssetTypes));
        ServiceTier.Refused(404, () => metadata.Upsert(bob, photo, ImmichAssetMetadataService.ParseUploadField(fields))); // not bob's

        metadata.Delete(phone, photo, "mobile-app");
        foreach (var device in new[] { phone, tablet })
        {
            var line = Assert.Single(await NextAsync(tier, device, AssetTypes));
            Assert.Equal(("AssetMetadataDeleteV1", photo, "mobile-app"), (line.Type, line.Data.GetProperty("assetId").GetString(), line.Data.GetProperty("key").GetString()));
            Assert.Empty(await NextAsync(tier, device, AssetTypes));
        }
        Assert.Empty(await NextAsync(tier, bob, AssetTypes));
    }

    [Fact]
    public async Task A_change_of_storage_usage_sends_auth_user_again_once()
    {
        await using var tier = new ServiceTier();
        var phone = tier.CreateUser("ann");
        var tablet = phone with { CredentialId = "tablet" };
        var bob = tier.CreateUser("bob");
        foreach (var device in new[] { phone, tablet, bob })
        {
            Assert.Single(await NextAsync(tier, device, "AuthUsersV1"));
            Assert.Empty(await NextAsync(tier, device, "AuthUsersV1"));
        }

        var photo = tier.Photo(phone, 1);
        foreach (var device in new[] { phone, tablet })
        {
            var line = Assert.Single(await NextAsync(tier, device, "AuthUsersV1"));
            Assert.Equal(("AuthUserV1", 2000L), (line.Type, line.Data.GetProperty("quotaUsageInBytes").GetInt64()));
            Assert.Empty(await NextAsync(tier, device, "AuthUsersV1"));
        }
        Assert.Empty(await NextAsync(tier, bob, "AuthUsersV1"));

        tier.Get<PiVault.Server.Features.Assets.AssetService>().Trash(phone, photo); // still stored: the usage is the same
        Assert.Empty(await NextAsync(tier, phone, "AuthUsersV1"));
        tier.Get<PiVault.Server.Features.Assets.AssetService>().DeletePermanently(phone, photo);
        Assert.Equal(0L, Assert.Single(await NextAsync(tier, phone, "AuthUsersV1")).Data.GetProperty("quotaUsageInBytes").GetInt64());
        Assert.Empty(await NextAsync(tier, phone, "AuthUsersV1"));
        Assert.Empty(await NextAsync(tier, bob, "AuthUsersV1"));
    }

    [Fact]
    public async Task Preferences_and_onboarding_reach_each_device_once_and_deleting_onboarding_sends_the_delete()
    {
        await using var tier = new ServiceTier();
        var phone = tier.CreateUser("ann");
        var tablet = phone with { CredentialId = "tablet" };
        var bob = tier.CreateUser("bob");
        foreach (var device in new[] { phone, tablet, bob })
        {
            Assert.Empty(await NextAsync(tier, device, "UserMetadataV1")); // Immich's defaults: nothing stored, nothing sent
        }

        tier.Get<ImmichPreferencesService>().Update(phone.UserId, new ImmichPreferencesUpdate(
            null, new ImmichAvatarUpdate("green"), null, null, null, null, new ImmichMemoriesUpdate(null, false, null), null, null, null, null, null, null));
        foreach (var device in new[] { phone, tablet })
        {
            var line = Assert.Single(await NextAsync(tier, device, "UserMetadataV1"));
            Assert.Equal(("UserMetadataV1", "preferences", phone.UserId), (line.Type, line.Data.GetProperty("key").GetString(), line.Data.GetProperty("userId").GetString()));
            Assert.False(line.Data.GetProperty("value").GetProperty("memories").GetProperty("enabled").GetBoolean());
            Assert.Equal("green", line.Data.GetProperty("value").GetProperty("avatar").GetProperty("color").GetString());
            Assert.Empty(await NextAsync(tier, device, "UserMetadataV1"));
        }
        Assert.Empty(await NextAsync(tier, bob, "UserMetadataV1"));

        var onboarding = tier.Get<ImmichUserMetadataStore>();
        using (var db = tier.Database.Open())
        {
            onboarding.SetOnboarded(db, phone.UserId, true, tier.Time.GetUtcNow());
            onboarding.SetOnboarded(db, phone.UserId, true, tier.Time.GetUtcNow()); // no change
        }
        var onboarded = Assert.Single(await NextAsync(tier, phone, "UserMetadataV1"));
        Assert.Equal("onboarding", onboarded.Data.GetProperty("key").GetString());
        Assert.True(onboarded.Data.GetProperty("value").GetProperty("isOnboarded").GetBoolean());
        Assert.Empty(await NextAsync(tier, phone, "UserMetadataV1"));

        using (var db = tier.Database.Open())
        {
            onboarding.DeleteOnboarding(db, phone.UserId);
        }
        var deleted = Assert.Single(await NextAsync(tier, phone, "UserMetadataV1"));
        Assert.Equal(("UserMetadataDeleteV1", "onboarding", phone.UserId), (deleted.Type, deleted.Data.GetProperty("key").GetString(), deleted.Data.GetProperty("userId").GetString()));
        Assert.Empty(await NextAsync(tier, phone, "UserMetadataV1"));
        Assert.Empty(await NextAsync(tier, bob, "UserMetadataV1"));
    }
}
