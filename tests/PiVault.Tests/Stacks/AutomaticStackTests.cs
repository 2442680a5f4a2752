using PiVault.Server.Data;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Features.Timeline;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Stacks;

/// <summary>
/// Stacks the metadata step makes, through the real pipeline on the service tier: a burst (real corpus JPEGs from one camera
/// in one second) and a RAW+JPEG pair (a corpus CR2 and a JPEG of the same name and time), the JPEG as the cover; the
/// timeline shows only covers with a count; a manual unstack; another user's photos never join.
/// </summary>
public sealed class AutomaticStackTests
{
    [Fact]
    public async Task A_burst_from_one_camera_in_one_second_becomes_one_stack_and_unstacks_by_hand()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var photo = File.ReadAllBytes(Uploads.CorpusFile("exif-samples/jpg/Canon_40D.jpg"));
        var burst = Enumerable.Range(1, 3).Select(i => tier.Upload(ann, [.. photo, (byte)i], $"burst_{i}.jpg").Id).ToList(); // bytes after EOI: new checksums
        tier.Upload(bob, [.. photo, 9], "burst_9.jpg");
        var single = tier.Photo(ann, 42);
        await tier.RunJobsAsync();

        var stackId = tier.Asset(burst[0])!.StackId;
        Assert.NotNull(stackId);
        Assert.All(burst, id => Assert.Equal(stackId, tier.Asset(id)!.StackId));
        Assert.Null(tier.Asset(single)!.StackId);
        var stack = tier.Get<StackService>().Get(ann, stackId);
        Assert.Equal(burst, stack.AssetIds); // the first file name is the cover when all were taken in the same instant
        ServiceTier.Refused(404, () => tier.Get<StackService>().Get(bob, stackId));

        var tiles = Timeline(tier, ann);
        Assert.Equal(new[] { burst[0], single }.Order(), tiles.Select(t => t.Id).Order()); // the timeline shows the cover only
        Assert.Equal(3, tiles.Single(t => t.Id == burst[0]).StackCount);

        tier.Get<StackService>().RemoveAsset(ann, stackId, burst[0]); // the cover leaves: the next one takes over
        Assert.Equal(burst[1], tier.Get<StackService>().Get(ann, stackId).Stack.PrimaryAssetId);
        tier.Get<StackService>().RemoveAsset(ann, stackId, burst[2]); // one left: the stack ends
        ServiceTier.Refused(404, () => tier.Get<StackService>().Get(ann, stackId));
        Assert.All(burst, id => Assert.Null(tier.Asset(id)!.StackId));
        Assert.Equal(4, Timeline(tier, ann).Count);
    }

    [Fact]
    public async Task A_raw_and_its_jpeg_stack_with_the_jpeg_as_cover()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var raw = tier.Upload(ann, File.ReadAllBytes(Uploads.CorpusFile("exiftool-t-images/CanonRaw.cr2")), "CanonRaw.CR2").Id;
        await tier.RunJobsAsync();
        var takenAt = tier.Asset(raw)!.TakenAt;
        var otherName = tier.Photo(ann, 2, takenAt, "Other.jpg"); // same second, no camera named, another name: not a pair
        var jpeg = tier.Photo(ann, 1, takenAt, "CanonRaw.jpg"); // no EXIF: the capture time the phone gave
        await tier.RunJobsAsync();

        var stack = tier.Get<StackService>().Get(ann, tier.Asset(raw)!.StackId ?? throw new InvalidOperationException("the pair was not stacked"));
        Assert.Equal(jpeg, stack.Stack.PrimaryAssetId);
        Assert.True(stack.Stack.IsAuto);
        Assert.Equal([jpeg, raw], stack.AssetIds);
        Assert.Null(tier.Asset(otherName)!.StackId);
    }

    private static List<TimelineAssetDto> Timeline(ServiceTier tier, Server.Features.Auth.Caller caller)
    {
        using var db = tier.Database.Open();
        return tier.Get<TimelineStore>().Bucket(db, TimelineView.Timeline, caller.UserId, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1));
    }
}
