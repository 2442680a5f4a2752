using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>One of a user's Immich metadata keys (<c>preferences</c>, <c>onboarding</c>) as the sync stream sends it.</summary>
public sealed record UserMetadataChange(string Key, JsonElement Value, long Seq);

/// <summary>
/// SQL for what the sync stream's UserMetadataV1 and AuthUserV1 lines follow (migration 0039): the onboarding flag, the
/// change numbers of the preferences and their deletions, and the number of the last change of the user's storage usage.
/// </summary>
public sealed class ImmichUserMetadataStore
{
    public const string PreferencesKey = "preferences";
    public const string OnboardingKey = "onboarding";

    public bool IsOnboarded(SqliteConnection db, string userId) =>
        db.Scalar<long>("SELECT is_onboarded FROM user_onboarding WHERE user_id = $user;", ("$user", userId)) != 0;

    /// <summary>Sets the flag; setting the value it already has is no change (phones hear nothing).</summary>
    public void SetOnboarded(SqliteConnection db, string userId, bool onboarded, DateTimeOffset now) => db.Execute(
        """
        INSERT INTO user_onboarding (user_id, is_onboarded, updated_at) VALUES ($user, $value, $now)
        ON CONFLICT (user_id) DO UPDATE SET is_onboarded = excluded.is_onboarded, updated_at = excluded.updated_at
        WHERE is_onboarded <> excluded.is_onboarded;
        """,
        ("$user", userId), ("$value", onboarded ? 1 : 0), ("$now", now.ToDb()));

    public void DeleteOnboarding(SqliteConnection db, string userId) => db.Execute("DELETE FROM user_onboarding WHERE user_id = $user;", ("$user", userId));

    /// <summary>The user's keys changed after <paramref name="afterSeq"/>, oldest change first.</summary>
    public List<UserMetadataChange> ChangedSince(SqliteConnection db, string userId, long afterSeq) =>
    [
        .. db.Query("SELECT value, update_seq FROM user_preferences WHERE user_id = $user AND update_seq > $after;",
            r => new UserMetadataChange(PreferencesKey, PreferencesValue(r.GetString(0)), r.GetInt64(1)), ("$user", userId), ("$after", afterSeq))
            .Concat(db.Query("SELECT is_onboarded, update_seq FROM user_onboarding WHERE user_id = $user AND update_seq > $after;",
                r => new UserMetadataChange(OnboardingKey, OnboardingValue(r.GetInt64(0) != 0), r.GetInt64(1)), ("$user", userId), ("$after", afterSeq)))
            .OrderBy(c => c.Seq),
    ];

    public List<(string Key, long Seq)> DeletedSince(SqliteConnection db, string userId, long afterSeq) => db.Query(
        "SELECT key, seq FROM user_metadata_deletions WHERE user_id = $user AND seq > $after ORDER BY seq;",
        r => (r.GetString(0), r.GetInt64(1)), ("$user", userId), ("$after", afterSeq));

    /// <summary>The number of the last change of the user's storage usage (0: none yet).</summary>
    public long UsageSeq(SqliteConnection db, string userId) =>
        db.Scalar<long>("SELECT update_seq FROM user_usage_changes WHERE user_id = $user;", ("$user", userId));

    /// <summary>Immich's preferences object, with the avatar colour under <c>avatar.color</c> as Immich keeps it.</summary>
    private static JsonElement PreferencesValue(string stored)
    {
        var preferences = JsonSerializer.Deserialize(stored, PiVaultJsonContext.Default.ImmichStoredPreferences)!;
        var value = JsonSerializer.SerializeToNode(preferences.Preferences, PiVaultJsonContext.Default.ImmichPreferencesDto)!.AsObject();
        if (preferences.AvatarColor is { } color)
        {
            value["avatar"] = new JsonObject { ["color"] = color };
        }
        return JsonSerializer.SerializeToElement(value, PiVaultJsonContext.Default.JsonObject);
    }

    private static JsonElement OnboardingValue(bool onboarded) =>
        JsonSerializer.SerializeToElement(new ImmichOnboardingDto(onboarded), PiVaultJsonContext.Default.ImmichOnboardingDto);
}

/// <summary>Immich's <c>OnboardingDto</c> and <c>OnboardingResponseDto</c>.</summary>
public sealed record ImmichOnboardingDto(bool IsOnboarded);
