using PiVault.Server.Features.Tags;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tags;

/// <summary>
/// The tag rules in the service tier (real SQLite): "a/b/c" makes its parents, values are unique per owner, a rename
/// carries the children along, deleting takes the children and their asset links, colours are hex or a 400, and tags
/// never cross users: one sees and tags only one's own.
/// </summary>
public sealed class TagRulesTests
{
    [Fact]
    public async Task A_path_makes_its_parents_renames_and_deletes_carry_the_children_and_bad_input_is_a_400()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var service = tier.Get<TagService>();

        var rome = Assert.Single(service.Upsert(ann, [" Places / Italy /Rome "]));
        Assert.Equal(("Places/Italy/Rome", "Rome"), (rome.Value, rome.Name));
        var all = service.List(ann);
        Assert.Equal(["Places", "Places/Italy", "Places/Italy/Rome"], all.Select(t => t.Value));
        Assert.Equal([null, all[0].Id, all[1].Id], all.Select(t => t.ParentId));
        Assert.Equal(rome.Id, Assert.Single(service.Upsert(ann, ["Places/Italy/Rome"])).Id); // upsert again: the same tag

        var milan = service.Create(ann, "Milan", all[1].Id, "#ABC");
        Assert.Equal(("Places/Italy/Milan", all[1].Id, "#aabbcc"), (milan.Value, milan.ParentId, milan.Color));
        ServiceTier.Refused(400, () => service.Create(ann, "Milan", all[1].Id, null)); // the value exists
        ServiceTier.Refused(400, () => service.Create(ann, "Turin", all[1].Id, "orange"));
        ServiceTier.Refused(400, () => service.Create(ann, "Turin", all[1].Id, "#12345"));
        ServiceTier.Refused(400, () => service.Update(ann, milan.Id, null, "rgb(1,2,3)"));
        ServiceTier.Refused(400, () => service.Upsert(ann, ["a//b"]));
        ServiceTier.Refused(400, () => service.Upsert(ann, [" "]));
        ServiceTier.Refused(400, () => service.Update(ann, milan.Id, "Rome", null)); // Places/Italy/Rome exists
        Assert.Null(service.Update(ann, milan.Id, null, "").Color);

        service.Update(ann, all[1].Id, "Italia", "00ff00");
        Assert.Equal(["Places", "Places/Italia", "Places/Italia/Milan", "Places/Italia/Rome"], service.List(ann).Select(t => t.Value));
        Assert.Equal(("Places/Italia/Rome", "#00ff00"), (service.Get(ann, rome.Id).Value, service.Get(ann, all[1].Id).Color));

        // Another user: nothing of Ann's is there, and the same value is theirs to have.
        Assert.Empty(service.List(bob));
        ServiceTier.Refused(404, () => service.Get(bob, rome.Id));
        ServiceTier.Refused(404, () => service.Delete(bob, rome.Id));
        ServiceTier.Refused(404, () => service.Create(bob, "Child", all[0].Id, null));
        Assert.Equal("Places/Italia/Rome", Assert.Single(service.Upsert(bob, ["Places/Italia/Rome"])).Value);

        service.Delete(ann, all[1].Id);
        Assert.Equal(["Places"], service.List(ann).Select(t => t.Value));
        ServiceTier.Refused(404, () => service.Get(ann, rome.Id));
        Assert.Equal(3, service.List(bob).Count);
    }

    [Fact]
    public async Task Only_ones_own_assets_are_tagged_and_a_deleted_tag_leaves_them_untagged()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var service = tier.Get<TagService>();
        var mine = tier.Photo(ann, 1);
        var other = tier.Photo(ann, 2);
        var bobs = tier.Photo(bob, 3);
        var family = Assert.Single(service.Upsert(ann, ["Family/Kids"]));

        var outcomes = service.TagAssets(ann, family.Id, [mine, bobs]);
        Assert.Equal([(mine, true, null), (bobs, false, "no_permission")], outcomes.Select(o => (o.Id, o.Success, o.Error)));
        Assert.Equal("duplicate", Assert.Single(service.TagAssets(ann, family.Id, [mine])).Error);
        ServiceTier.Refused(404, () => service.TagAssets(bob, family.Id, [bobs]));
        Assert.Equal(["Family/Kids"], service.OfAsset(ann, mine).Select(t => t.Value));
        Assert.Empty(service.OfAsset(bob, mine));

        // All or nothing: one asset that is not Ann's and no link is made.
        var parent = service.List(ann)[0];
        ServiceTier.Refused(400, () => service.TagMany(ann, [parent.Id], [other, bobs]));
        Assert.Empty(service.OfAsset(ann, other));
        ServiceTier.Refused(404, () => service.TagMany(bob, [parent.Id], [bobs]));
        Assert.Equal(3, service.TagMany(ann, [parent.Id, family.Id], [mine, other])); // mine already had Family/Kids
        Assert.Equal(["Family", "Family/Kids"], service.OfAsset(ann, other).Select(t => t.Value));

        Assert.Equal([true, false], service.UntagAssets(ann, family.Id, [other, bobs]).Select(o => o.Success));
        Assert.Equal("not_found", Assert.Single(service.UntagAssets(ann, family.Id, [other])).Error);
        service.Delete(ann, parent.Id);
        Assert.Empty(service.OfAsset(ann, mine));
        Assert.Empty(service.OfAsset(ann, other));
    }
}
