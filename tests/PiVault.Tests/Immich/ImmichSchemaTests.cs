using System.Text.Json;

namespace PiVault.Tests.Immich;

/// <summary>The schema checker itself: it must catch what the app's generated models would reject.</summary>
public sealed class ImmichSchemaTests
{
    [Theory]
    [InlineData("ServerVersionResponseDto", """{"major":3,"minor":2,"patch":2}""")] // prerelease missing
    [InlineData("ServerVersionResponseDto", """{"major":"3","minor":2,"patch":2,"prerelease":null}""")] // wrong JSON type
    [InlineData("SyncAssetDeleteV1", """{"assetId":null}""")] // null where not nullable
    [InlineData("AssetMediaResponseDto", """{"id":"x","status":"uploaded"}""")] // not an enum value
    [InlineData("LoginResponseDto", """{"accessToken":"t"}""")]
    public void Responses_the_app_would_reject_are_rejected(string type, string json) =>
        Assert.ThrowsAny<Exception>(() => ImmichSchema.Instance.AssertValid(JsonDocument.Parse(json).RootElement, type));

    [Fact]
    public void A_complete_response_passes_and_the_field_lists_are_the_3_2_2_ones()
    {
        ImmichSchema.Instance.AssertValid(JsonDocument.Parse("""{"major":3,"minor":2,"patch":2,"prerelease":null}""").RootElement, "ServerVersionResponseDto");
        Assert.Contains("checksum", ImmichSchema.Instance.RequiredFields("SyncAssetV2"));
        Assert.Equal(16, ImmichSchema.Instance.RequiredFields("ServerFeaturesDto").Count);
    }
}
