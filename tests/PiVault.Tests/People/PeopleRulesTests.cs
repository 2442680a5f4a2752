using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.People;

/// <summary>
/// The person rules in the service tier (real SQLite): rename, birthday and age, hide, merge, reassign, cover, tagging by
/// hand, unassigning, deleting faces; counts and covers stay consistent, and people never cross users or albums.
/// </summary>
public sealed class PeopleRulesTests
{
    [Fact]
    public async Task Rename_birthday_and_hide_show_in_the_list_and_the_age_is_the_photo_date_minus_the_birthday()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await Library(tier, 2);
        var service = tier.Get<PeopleService>();
        var person = library.People[0];

        service.Update(ann, person, new PersonEdit(Name: "  Grandma ", BirthDate: "1950-03-02"));
        var view = service.FacesOf(ann, library.Photos[0].AssetId).Single(f => f.Person?.Id == person);
        Assert.Equal("Grandma", view.Person!.Name);
        Assert.Equal(75, view.Age); // photos are taken 2026-03-01, a day before her 76th birthday
        ServiceTier.Refused(400, () => service.Update(ann, person, new PersonEdit(BirthDate: "2030-01-01")));
        ServiceTier.Refused(400, () => service.Update(ann, person, new PersonEdit(BirthDate: "yesterday")));

        var (listed, total, hidden, _) = service.List(ann, withHidden: false, null, null);
        Assert.Equal(["Grandma", ""], listed.Select(p => p.Person.Name));
        Assert.Equal((2, 0), (total, hidden));
        Assert.Equal(4, listed[0].Photos);

        service.Update(ann, person, new PersonEdit(IsHidden: true));
        (listed, total, hidden, _) = service.List(ann, withHidden: false, null, null);
        Assert.Equal([library.People[1]], listed.Select(p => p.Person.Id));
        Assert.Equal((2, 1), (total, hidden));
        Assert.Equal(2, service.List(ann, withHidden: true, null, null).People.Count);
        Assert.Equal([person], service.SearchByName(ann, "gran", withHidden: true).Select(p => p.Person.Id));
        Assert.Empty(service.SearchByName(ann, "gran", withHidden: false));
    }

    [Fact]
    public async Task Merging_moves_every_face_deletes_the_merged_person_and_keeps_a_valid_cover()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await Library(tier, 2);
        var service = tier.Get<PeopleService>();
        var (target, merged) = (library.People[0], library.People[1]);
        service.Update(ann, merged, new PersonEdit(Name: "Bob", BirthDate: "1980-01-01"));

        var outcome = service.Merge(ann, target, [merged, "00000000-0000-0000-0000-000000000000"]);

        Assert.Equal([true, false], outcome.Select(o => o.Success));
        ServiceTier.Refused(404, () => service.Get(ann, merged));
        var person = service.Get(ann, target);
        Assert.Equal(("Bob", "1980-01-01"), (person.Person.Name, person.Person.BirthDate));
        Assert.Equal(8, person.Faces);
        Assert.Equal(4, person.Photos); // both faces are on the same four photos
        Assert.Equal(target, FaceOwnerOf(tier, person.Person.CoverFaceId!));
        ServiceTier.Refused(400, () => service.Merge(ann, target, [target]));
    }

    [Fact]
    public async Task Reassigning_a_cover_face_moves_the_old_persons_cover_and_a_face_can_start_a_new_person()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await Library(tier, 2);
        var service = tier.Get<PeopleService>();
        var (first, second) = (library.People[0], library.People[1]);
        var cover = service.Get(ann, first).Person.CoverFaceId!;

        var now = service.Reassign(ann, cover, second);
        Assert.Equal(5, now.Faces);
        var old = service.Get(ann, first);
        Assert.Equal(3, old.Faces);
        Assert.NotEqual(cover, old.Person.CoverFaceId);
        Assert.Equal(first, FaceOwnerOf(tier, old.Person.CoverFaceId!));

        var newcomer = service.Reassign(ann, cover, null);
        Assert.Equal(1, newcomer.Faces);
        Assert.Equal(cover, newcomer.Person.CoverFaceId);

        service.Unassign(ann, cover);
        Assert.Equal(0, service.Get(ann, newcomer.Person.Id).Faces);
        Assert.Null(service.Get(ann, newcomer.Person.Id).Person.CoverFaceId);
    }

    [Fact]
    public async Task A_face_tagged_by_hand_belongs_to_its_person_and_choosing_the_cover_takes_the_persons_face_on_that_photo()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await Library(tier, 1);
        var service = tier.Get<PeopleService>();
        var bare = tier.Photo(ann, 9);
        var person = service.Create(ann, new PersonEdit(Name: "Carol"));
        Assert.Null(person.Person.CoverFaceId);

        var tagged = service.Tag(ann, bare, new FaceBox(10, 20, 100, 120, 1440, 1080), person.Person.Id);
        Assert.Equal((FaceRecord.Manual, 110, 140), (tagged.Face.Source, tagged.Face.X2, tagged.Face.Y2));
        Assert.Null(tagged.Face.Embedding);
        var carol = service.Get(ann, person.Person.Id);
        Assert.Equal((1L, tagged.Face.Id), (carol.Photos, carol.Person.CoverFaceId));
        ServiceTier.Refused(400, () => service.Tag(ann, bare, new FaceBox(1400, 20, 100, 120, 1440, 1080), person.Person.Id));

        var other = library.People[0];
        service.Update(ann, other, new PersonEdit(CoverAssetId: library.Photos[2].AssetId));
        Assert.Equal(library.Photos[2].FaceIds[0], service.Get(ann, other).Person.CoverFaceId);
        ServiceTier.Refused(400, () => service.Update(ann, other, new PersonEdit(CoverAssetId: bare)));

        service.DeleteFace(ann, tagged.Face.Id);
        Assert.Equal(0, service.Get(ann, person.Person.Id).Photos);
        Assert.Empty(service.FacesOf(ann, bare));
    }

    [Fact]
    public async Task People_and_faces_are_their_owners_alone_even_through_a_shared_album()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await Library(tier, 1);
        var bob = tier.CreateUser("bob");
        var service = tier.Get<PeopleService>();
        var albums = tier.Get<AlbumService>();
        var album = albums.Create(ann, new CreateAlbumRequest("Family", null, [library.Photos[0].AssetId]));
        albums.Share(ann, album.Id, new ShareAlbumRequest([bob.UserId], null));
        var person = library.People[0];

        Assert.Single(service.FacesOf(ann, library.Photos[0].AssetId));
        Assert.Empty(service.FacesOf(bob, library.Photos[0].AssetId)); // he sees the photo, not her people
        ServiceTier.Refused(404, () => service.FacesOf(bob, library.Photos[1].AssetId));
        ServiceTier.Refused(404, () => service.Get(bob, person));
        ServiceTier.Refused(404, () => service.Update(bob, person, new PersonEdit(Name: "x")));
        ServiceTier.Refused(404, () => service.Reassign(bob, library.Photos[0].FaceIds[0], null));
        ServiceTier.Refused(404, () => service.DeleteFace(bob, library.Photos[0].FaceIds[0]));
        ServiceTier.Refused(404, () => service.Merge(bob, person, [person]));
        var bobs = service.Create(bob, new PersonEdit(Name: "Mine"));
        ServiceTier.Refused(404, () => service.Reassign(ann, library.Photos[0].FaceIds[0], bobs.Person.Id));
        ServiceTier.Refused(404, () => service.Tag(bob, library.Photos[0].AssetId, new FaceBox(0, 0, 10, 10, 100, 100), bobs.Person.Id));
        Assert.Equal(["Mine"], service.List(bob, true, null, null).People.Select(p => p.Person.Name));
        Assert.Empty(tier.Get<AssetService>().Search(bob, new AssetQuery { PersonIds = [person] }, null, null).Items);
        Assert.Equal(4, tier.Get<AssetService>().Search(ann, new AssetQuery { PersonIds = [person] }, null, null).Items.Count);
    }

    [Fact]
    public void The_age_counts_whole_years_and_is_unknown_before_birth()
    {
        var photo = new DateTimeOffset(2020, 6, 15, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(10, PersonEdit.AgeOn("2010-06-15", photo));
        Assert.Equal(9, PersonEdit.AgeOn("2010-06-16", photo));
        Assert.Equal(0, PersonEdit.AgeOn("2020-01-01", photo));
        Assert.Null(PersonEdit.AgeOn("2021-01-01", photo));
        Assert.Null(PersonEdit.AgeOn(null, photo));
    }

    /// <summary>Four photos, each with one face of every one of <paramref name="identities"/> people, clustered.</summary>
    [Fact]
    public async Task Merge_suggestions_put_the_person_whose_faces_look_alike_first_and_flag_only_them()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await Library(tier, 3);
        var service = tier.Get<PeopleService>();
        var (first, second, third) = (library.People[0], library.People[1], library.People[2]);
        // Two of the first identity's faces kept apart as another person (as clustering may leave a grown-up child).
        var split = service.Create(ann, new PersonEdit(Name: "Ann again")).Person.Id;
        service.Reassign(ann, library.Photos[2].FaceIds[0], split);
        service.Reassign(ann, library.Photos[3].FaceIds[0], split);
        var tagged = service.Create(ann, new PersonEdit(Name: "Zed")).Person.Id; // no machine faces: nothing to compare

        var suggestions = service.MergeSuggestions(ann, first);

        Assert.Equal([split, .. new[] { second, third }.Order(), tagged],
            [suggestions[0].Person.Person.Id, .. suggestions.Skip(1).Take(2).Select(s => s.Person.Person.Id).Order(), suggestions[3].Person.Person.Id]);
        Assert.Equal(4, suggestions.Count);
        Assert.True(suggestions[0].Likely);
        Assert.InRange(suggestions[0].Distance!.Value, 0, 0.2);
        Assert.All(suggestions.Skip(1).Take(2), s => Assert.True(!s.Likely && s.Distance > PeopleService.LikelySameDistance, $"{s.Distance}"));
        Assert.Equal((null, false), (suggestions[3].Distance, suggestions[3].Likely));
        // From the split person's side the first identity comes first too; a hidden person is not offered.
        Assert.Equal(first, service.MergeSuggestions(ann, split)[0].Person.Person.Id);
        service.Update(ann, second, new PersonEdit(IsHidden: true));
        Assert.DoesNotContain(service.MergeSuggestions(ann, first), s => s.Person.Person.Id == second);
        // People are per user.
        var bob = tier.CreateUser("bob");
        ServiceTier.Refused(404, () => service.MergeSuggestions(bob, first));
    }

    internal static async Task<(Caller Owner, PlantedLibrary Library)> Library(ServiceTier tier, int identities)
    {
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var ids = Enumerable.Range(0, identities).Select(_ => faces.Identity()).ToList();
        var photos = Enumerable.Range(0, 4).Select(_ => faces.Photo(ann, ids.Select(i => faces.FaceOf(i)).ToArray())).ToList();
        await faces.ClusterAsync(photos.Select(p => p.AssetId));
        var people = Enumerable.Range(0, identities).Select(i => faces.PersonOf(photos[0].FaceIds[i])!).ToList();
        Assert.Equal(identities, people.Distinct().Count());
        return (ann, new PlantedLibrary(photos, people));
    }

    private static string? FaceOwnerOf(ServiceTier tier, string faceId)
    {
        using var db = tier.Database.Open();
        return db.Scalar<string>("SELECT person_id FROM asset_faces WHERE id = $id;", ("$id", faceId));
    }
}

internal sealed record PlantedLibrary(List<(string AssetId, List<string> FaceIds)> Photos, List<string> People);
